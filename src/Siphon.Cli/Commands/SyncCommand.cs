using System.CommandLine;
using Siphon.Cli.Sync;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon sync</c>: reads a connector into a DuckDB file, with live progress. Exit code 0 when every stream synced,
/// 1 when one failed or the input was invalid, 130 when stopped (Ctrl+C), keeping what was committed.
/// </summary>
internal static class SyncCommand
{
    public static Command Create()
    {
        var manifest = ConnectorInput.ManifestOption();
        var config = ConnectorInput.ConfigOption();
        var mapUrl = ConnectorInput.MapUrlOption();
        var destination = new Option<string>("--destination", "-d") { Description = "Where to write: duckdb:PATH (default duckdb:./siphon.duckdb).", DefaultValueFactory = _ => "duckdb:./siphon.duckdb" };
        var streams = new Option<string?>("--streams") { Description = "Comma-separated stream names (default: every stream Siphon can run)." };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Replace each stream's data instead of continuing from the saved state." };
        var memoryLimit = new Option<string>("--memory-limit") { Description = $"DuckDB's memory limit (e.g. 1GB); it spills to disk beyond it. Default {SyncOptions.DefaultMemoryLimit}.", DefaultValueFactory = _ => SyncOptions.DefaultMemoryLimit };
        var command = new Command("sync", "Sync a connector's streams into a DuckDB file, with live progress.") { manifest, config, destination, streams, fullRefresh, memoryLimit, mapUrl };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest), result.GetValue(config), result.GetValue(destination)!,
            result.GetValue(streams), result.GetValue(fullRefresh), result.GetValue(memoryLimit)!, result.GetValue(mapUrl), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? manifestPath, string? configPath, string destination, string? streamList, bool fullRefresh, string memoryLimit, string[]? mapUrls, CancellationToken cancellationToken)
    {
        if (!destination.StartsWith("duckdb:", StringComparison.Ordinal))
        {
            Output.Error($"unknown destination '{destination}': only duckdb:PATH is supported");
            return ExitCodes.Usage;
        }
        var reporter = new ConsoleReporter();
        var input = await ConnectorInput.WithDynamicStreamsAsync(
            (await ConnectorInput.LoadAsync(manifestPath, configPath, reporter, cancellationToken))?.WithUrlMappings(mapUrls, reporter), reporter, cancellationToken);
        if (input is null) return ExitCodes.InvalidManifest;
        var names = streamList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names ?? [])
        {
            var stream = input.Connector.FindStream(name);
            if (stream is null || !stream.IsSupported)
            {
                Output.Error(stream is null ? $"the manifest has no stream '{name}'" : $"stream '{name}' cannot run in Siphon: {string.Join("; ", stream.UnsupportedReasons)}");
                return ExitCodes.InvalidManifest;
            }
        }
        return await RunAsync(input, new SyncOptions(destination["duckdb:".Length..], names, fullRefresh) { MemoryLimit = memoryLimit }, cancellationToken);
    }

    public static async Task<int> RunAsync(ConnectorInput input, SyncOptions options, CancellationToken cancellationToken)
    {
        var progress = new SyncProgress(Console.Out, TimeProvider.System) { Live = !Console.IsOutputRedirected };
        var cancelled = false;
        IReadOnlyList<StreamSyncResult> results;
        try
        {
            results = await progress.ShowAsync(() => SyncRunner.RunAsync(input, options, progress, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            results = (options.Streams ?? input.Connector.Streams.Where(s => s.IsSupported).Select(s => s.Name))
                .Select(n => progress.Result(n, "stopped")).ToList();
        }
        SyncSummary.Print(results, options.DestinationPath, cancelled);
        return cancelled ? 130 : results.All(r => r.Error is null) ? ExitCodes.Success : ExitCodes.InvalidManifest;
    }
}
