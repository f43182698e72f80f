using System.CommandLine;
using Siphon.Cli.Sync;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon sync</c>: reads a connector into a DuckDB file, with live progress. Exit code 0 when every stream synced,
/// 1 when one failed or the input was invalid, 2 for a usage error, 130 (Ctrl+C) or 143 (SIGTERM) when stopped, keeping
/// what was read and the jobs, so that the next sync goes on where this one stopped.
/// </summary>
internal static class SyncCommand
{
    public static Command Create(StopSignal stop)
    {
        var manifest = ConnectorInput.ManifestOption();
        var config = ConnectorInput.ConfigOption();
        var mapUrl = ConnectorInput.MapUrlOption();
        var destination = new Option<string>("--destination", "-d") { Description = "Where to write: duckdb:PATH (default duckdb:./siphon.duckdb).", DefaultValueFactory = _ => "duckdb:./siphon.duckdb" };
        var streams = new Option<string?>("--streams") { Description = "Comma-separated stream names (default: every stream Siphon can run)." };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Replace each stream's data instead of continuing from the saved state." };
        var memoryLimit = new Option<string>("--memory-limit") { Description = $"DuckDB's memory limit (e.g. 1GB); it spills to disk beyond it. Default {SyncOptions.DefaultMemoryLimit}.", DefaultValueFactory = _ => SyncOptions.DefaultMemoryLimit };
        var abortJobs = ConnectorInput.AbortJobsOnStopOption();
        var idle = BodyIdleTimeoutOption.Create();
        var command = new Command("sync", "Sync a connector's streams into a DuckDB file, with live progress.") { manifest, config, destination, streams, fullRefresh, memoryLimit, mapUrl, abortJobs, idle };
        command.SetAction((result, _) => RunAsync(result.GetValue(manifest), result.GetValue(config), result.GetValue(destination)!,
            result.GetValue(streams), result.GetValue(fullRefresh), result.GetValue(memoryLimit)!, result.GetValue(mapUrl), result.GetValue(abortJobs), result.GetValue(idle)!, stop));
        return command;
    }

    private static async Task<int> RunAsync(string? manifestPath, string? configPath, string destination, string? streamList, bool fullRefresh, string memoryLimit, string[]? mapUrls,
        bool abortJobs, string idleTimeout, StopSignal stop)
    {
        var cancellationToken = stop.Stopping;
        if (!destination.StartsWith("duckdb:", StringComparison.Ordinal))
        {
            Output.Error($"unknown destination '{destination}': only duckdb:PATH is supported");
            return ExitCodes.Usage;
        }
        if (string.IsNullOrWhiteSpace(destination["duckdb:".Length..]))
        {
            Output.Error($"--destination '{destination}' names no file: give duckdb:PATH, e.g. duckdb:./siphon.duckdb");
            return ExitCodes.Usage;
        }
        if (!SyncOptions.IsMemoryLimit(memoryLimit))
        {
            Output.Error($"--memory-limit '{memoryLimit}' is not a size: give a positive amount such as 256MB or 2GB");
            return ExitCodes.Usage;
        }
        if (BodyIdleTimeoutOption.Parse(idleTimeout) is not { } idle)
        {
            Output.Error(BodyIdleTimeoutOption.Problem(idleTimeout));
            return ExitCodes.Usage;
        }
        var reporter = new ConsoleReporter();
        var input = await ConnectorInput.WithDynamicStreamsAsync(
            (await ConnectorInput.LoadAsync(manifestPath, configPath, reporter, cancellationToken))?.WithUrlMappings(mapUrls, reporter), reporter, cancellationToken);
        // The tables' columns follow the streams' schemas, so those read from the API are read first.
        input = await ConnectorInput.WithDynamicSchemasAsync(input, reporter, cancellationToken);
        if (input is null) return ExitCodes.InvalidManifest;
        input = input with { BodyIdleTimeout = idle };
        var names = streamList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names is { Length: 0 })
        {
            Output.Error($"--streams '{streamList}' names no stream: give comma-separated names, or leave it out to sync every stream");
            return ExitCodes.Usage;
        }
        foreach (var name in names ?? [])
        {
            var stream = input.Connector.FindStream(name);
            if (stream is null || !stream.IsSupported)
            {
                Output.Error(stream is null ? $"the manifest has no stream '{name}'" : $"stream '{name}' cannot run in Siphon: {string.Join("; ", stream.UnsupportedReasons)}");
                return ExitCodes.InvalidManifest;
            }
        }
        return await RunAsync(input, new SyncOptions(destination["duckdb:".Length..], names, fullRefresh) { MemoryLimit = memoryLimit, AbortJobsOnStop = abortJobs }, stop);
    }

    public static async Task<int> RunAsync(ConnectorInput input, SyncOptions options, StopSignal stop)
    {
        var progress = new SyncProgress(Console.Out, TimeProvider.System) { Live = !Console.IsOutputRedirected };
        IReadOnlyList<StreamSyncResult> results;
        try
        {
            results = await progress.ShowAsync(() => SyncRunner.RunAsync(input, options, progress, stop));
        }
        catch (DuckDb.DuckDbDestinationException e)
        {
            // Only opening the file gets here: a write that fails later fails its stream.
            Output.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (stop.Stopping.IsCancellationRequested)
        {
            results = (options.Streams ?? input.Connector.Streams.Where(s => s.IsSupported).Select(s => s.Name))
                .Select(n => progress.Result(n, null) with { Stopped = true }).ToList();
        }
        var stopped = stop.Stopping.IsCancellationRequested;
        SyncSummary.Print(results, options.DestinationPath, stopped);
        return stopped ? stop.ExitCode : results.All(r => r.Error is null) ? ExitCodes.Success : ExitCodes.InvalidManifest;
    }
}
