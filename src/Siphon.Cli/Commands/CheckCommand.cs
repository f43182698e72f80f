using System.CommandLine;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Runs.Protocol;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon check</c>: proves a config works by reading one record of each stream the manifest's CheckStream names.
/// Prints one CONNECTION_STATUS; exit code 0 either way (as the protocol expects), 1 only when it could not even start.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var manifest = ConnectorInput.ManifestOption();
        var config = ConnectorInput.ConfigOption();
        var mapUrl = ConnectorInput.MapUrlOption();
        var command = new Command("check", "Check that a configuration can read from the connector's check streams.") { manifest, config, mapUrl };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest), result.GetValue(config), result.GetValue(mapUrl), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? manifestPath, string? configPath, string[]? mapUrls, CancellationToken cancellationToken)
    {
        await using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        var reporter = new ProtocolReporter(writer);
        var input = await ConnectorInput.WithDynamicStreamsAsync(
            (await ConnectorInput.LoadAsync(manifestPath, configPath, reporter, cancellationToken))?.WithUrlMappings(mapUrls, reporter), reporter, cancellationToken);
        if (input is null)
        {
            writer.WriteConnectionStatus(false, "the manifest or the config is invalid (see the error above)");
            return ExitCodes.Success;
        }
        if (input.Connector.CheckUnsupportedReasons.Count > 0)
        {
            writer.WriteConnectionStatus(false, $"check cannot run in Siphon: {string.Join("; ", input.Connector.CheckUnsupportedReasons)}");
            return ExitCodes.Success;
        }
        var check = input.Connector.Check;
        var names = check is { StreamCount: { } count } ? input.Connector.Streams.Take(count).Select(s => s.Name).ToList()
            : check?.StreamNames ?? input.Connector.Streams.Where(s => s.IsSupported).Take(1).Select(s => s.Name).ToList();
        if (names.Count == 0)
        {
            writer.WriteConnectionStatus(false, "no stream to check: the connector has no streams for this config");
            return ExitCodes.Success;
        }
        var config = input.Config;
        if (check?.ConfigOverrides is { } overrides)
        {
            config = new Dictionary<string, object?>(config, StringComparer.Ordinal);
            foreach (var (key, value) in overrides) config[key] = value;
        }
        foreach (var name in names)
        {
            var stream = input.Connector.FindStream(name);
            if (stream is null || !stream.IsSupported)
            {
                writer.WriteConnectionStatus(false, stream is null ? $"check stream '{name}' is not in the manifest" : $"check stream '{name}' cannot run in Siphon: {string.Join("; ", stream.UnsupportedReasons)}");
                return ExitCodes.Success;
            }
        }
        using var session = new HttpSession(input.SessionOptions, redactor: input.Redactor);
        foreach (var name in names)
        {
            using var firstRecord = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var output = new FirstRecordOutput(firstRecord);
            try
            {
                var summary = await new SourceReader(input.Connector, session, new ReadOptions())
                    .ReadAsync(config, [new StreamReadRequest(name)], output, firstRecord.Token);
                if (!summary.Succeeded)
                {
                    writer.WriteConnectionStatus(false, input.Redactor.Redact($"reading '{name}' failed: {summary.Failures[0].Error.Message}"));
                    return ExitCodes.Success;
                }
            }
            catch (OperationCanceledException) when (output.Seen && !cancellationToken.IsCancellationRequested)
            {
                // One record was enough.
            }
        }
        writer.WriteConnectionStatus(true, null);
        return ExitCodes.Success;
    }

    /// <summary>Stops the read at the first record: check needs proof, not data.</summary>
    private sealed class FirstRecordOutput(CancellationTokenSource stop) : IReadOutput
    {
        public bool Seen { get; private set; }

        public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
        {
            Seen = true;
            stop.Cancel();
            return ValueTask.CompletedTask;
        }

        public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
