using System.CommandLine;
using Siphon.Http;
using Siphon.Http.ErrorHandling;
using Siphon.Jobs;
using Siphon.Runs;
using Siphon.Runs.Protocol;
using Siphon.Values;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon read</c>: reads the catalog's streams (every supported stream without one) and prints Airbyte RECORD, STATE,
/// LOG and TRACE lines. Exit code 0 when every stream completed, 1 (after a final TRACE error) when one failed, 130 or 143
/// when stopped by Ctrl+C or SIGTERM, after a last STATE saying how far the read got (running jobs included).
/// </summary>
internal static class ReadCommand
{
    public static Command Create(StopSignal stop)
    {
        var manifest = ConnectorInput.ManifestOption();
        var config = ConnectorInput.ConfigOption();
        var mapUrl = ConnectorInput.MapUrlOption();
        var catalog = new Option<string?>("--catalog") { Description = "ConfiguredAirbyteCatalog (JSON) naming the streams to read; all streams without it." };
        var state = new Option<string?>("--state") { Description = "State to resume from: the list of STATE messages (or a legacy per-stream mapping)." };
        var abortJobs = ConnectorInput.AbortJobsOnStopOption();
        var idle = BodyIdleTimeoutOption.Create();
        var command = new Command("read", "Read records as Airbyte protocol messages on stdout.") { manifest, config, catalog, state, mapUrl, abortJobs, idle };
        command.SetAction((result, _) => RunAsync(result.GetValue(manifest), result.GetValue(config), result.GetValue(catalog), result.GetValue(state), result.GetValue(mapUrl),
            result.GetValue(abortJobs), result.GetValue(idle)!, stop));
        return command;
    }

    private static async Task<int> RunAsync(string? manifestPath, string? configPath, string? catalogPath, string? statePath, string[]? mapUrls, bool abortJobs, string idleTimeout, StopSignal stop)
    {
        var cancellationToken = stop.Stopping;
        await using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        using var writer = new AirbyteMessageWriter(stdout);
        try
        {
            if (BodyIdleTimeoutOption.Parse(idleTimeout) is not { } idle)
            {
                writer.WriteError(BodyIdleTimeoutOption.Problem(idleTimeout), FailureType.ConfigError);
                return ExitCodes.Usage;
            }
            var reporter = new ProtocolReporter(writer);
            var input = await ConnectorInput.WithDynamicStreamsAsync(
                (await ConnectorInput.LoadAsync(manifestPath, configPath, reporter, cancellationToken))?.WithUrlMappings(mapUrls, reporter), reporter, cancellationToken);
            if (input is null) return ExitCodes.InvalidManifest;
            input = input with { BodyIdleTimeout = idle };
            var streams = await SelectedStreamsAsync(input, catalogPath, writer, cancellationToken);
            if (streams is null) return ExitCodes.InvalidManifest;
            Dictionary<string, Dictionary<string, object?>> states;
            try
            {
                states = statePath is null ? [] : ProtocolState.PerStream(JsonValues.Parse(await File.ReadAllBytesAsync(statePath, cancellationToken)));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
            {
                writer.WriteError($"{statePath}: the state cannot be read: {FirstLine(e.Message)}", FailureType.ConfigError);
                return ExitCodes.Usage;
            }

            using var session = new HttpSession(input.SessionOptions, events: new ProtocolLogSink(writer, input.Redactor), redactor: input.Redactor);
            var requests = streams.Select(s => new StreamReadRequest(s.Name, states.GetValueOrDefault(s.Name)) { ConfiguredSchema = s.Schema }).ToList();
            var summary = await new SourceReader(input.Connector, session, new ReadOptions { Stop = stop.Stopping, AbortJobsOnCancel = abortJobs })
                .ReadAsync(input.Config, requests, new AirbyteReadOutput(writer), stop.Abandoned);
            foreach (var failure in summary.Failures)
                writer.WriteError(input.Redactor.Redact($"stream '{failure.Stream}' failed: {failure.Error.Message}"), FailureTypeOf(failure.Error),
                    input.Redactor.Redact(failure.Error.GetType().Name), failure.Stream);
            if (summary.Stopped)
            {
                writer.WriteError("the read was stopped; the last STATE says where the next read goes on", FailureType.TransientError);
                return stop.ExitCode;
            }
            return summary.Succeeded ? ExitCodes.Success : ExitCodes.InvalidManifest;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.WriteError("the read was stopped", FailureType.TransientError);
            return stop.ExitCode;
        }
        finally
        {
            writer.Flush();
        }
    }

    /// <summary>The streams to read, with the schema the catalog gives each (the fields selected); every supported stream without a catalog.</summary>
    private static async Task<IReadOnlyList<(string Name, Dictionary<string, object?>? Schema)>?> SelectedStreamsAsync(ConnectorInput input, string? catalogPath,
        AirbyteMessageWriter writer, CancellationToken cancellationToken)
    {
        if (catalogPath is null) return input.Connector.Streams.Where(s => s.IsSupported).Select(s => (s.Name, (Dictionary<string, object?>?)null)).ToList();
        var selected = new List<(string Name, Dictionary<string, object?>? Schema)>();
        try
        {
            var catalog = JsonValues.Parse(await File.ReadAllBytesAsync(catalogPath, cancellationToken)) as Dictionary<string, object?>;
            foreach (var configured in catalog?.GetValueOrDefault("streams") as List<object?> ?? [])
                if (configured is Dictionary<string, object?> c && c.GetValueOrDefault("stream") is Dictionary<string, object?> s && s.GetValueOrDefault("name") is string name)
                    selected.Add((name, s.GetValueOrDefault("json_schema") as Dictionary<string, object?>));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            writer.WriteError($"{catalogPath}: the catalog cannot be read: {e.Message}", FailureType.ConfigError);
            return null;
        }
        var unknown = selected.Where(s => input.Connector.FindStream(s.Name) is null).Select(s => s.Name).ToList();
        if (unknown.Count > 0)
        {
            writer.WriteError($"the catalog names streams the manifest does not have: {string.Join(", ", unknown)}", FailureType.ConfigError);
            return null;
        }
        return selected;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private static FailureType FailureTypeOf(Exception error) => error switch
    {
        HttpRequestFailedException http => http.FailureType,
        AsyncJobException job => job.FailureType,
        Templates.TemplateException => FailureType.ConfigError,
        _ => FailureType.SystemError,
    };
}
