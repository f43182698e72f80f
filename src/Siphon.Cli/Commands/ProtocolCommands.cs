using System.CommandLine;
using Siphon.Http.ErrorHandling;
using Siphon.Runs.Protocol;
using Siphon.Source;

namespace Siphon.Cli.Commands;

/// <summary>
/// The Airbyte protocol commands that need only the manifest: <c>spec</c> and <c>discover</c>. They print
/// protocol messages on stdout and report a broken manifest as a TRACE error (config_error), exit code 1.
/// </summary>
internal static class ProtocolCommands
{
    public static Command Spec()
    {
        var manifest = ConnectorInput.ManifestOption(required: true);
        var command = new Command("spec", "Print the connector's specification as an Airbyte SPEC message.") { manifest };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest)!, ct, (writer, definition) =>
        {
            if (definition.Spec is null)
            {
                writer.WriteError("the manifest has no 'spec': add a Spec with a connection_specification", FailureType.ConfigError);
                return Task.FromResult(ExitCodes.InvalidManifest);
            }
            writer.WriteSpec(definition.Spec);
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    public static Command Discover()
    {
        var manifest = ConnectorInput.ManifestOption(required: true);
        var config = ConnectorInput.ConfigOption();
        var mapUrl = ConnectorInput.MapUrlOption();
        var command = new Command("discover", "Print the connector's streams and their schemas as an Airbyte CATALOG message.") { manifest, config, mapUrl };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest)!, ct, (writer, definition) =>
        {
            if (definition.DynamicStreams.Count > 0 && result.GetValue(config) is { } configPath)
                return DiscoverDynamicAsync(writer, result.GetValue(manifest)!, configPath, result.GetValue(mapUrl), ct);
            if (definition.DynamicStreams.Count > 0) writer.WriteLog("WARN", "the manifest's dynamic_streams are generated from a config: give --config to list them");
            writer.WriteCatalog(definition.Streams.Where(s => s.IsSupported));
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }

    /// <summary>The written streams and those the dynamic streams generate for the config.</summary>
    private static async Task<int> DiscoverDynamicAsync(AirbyteMessageWriter writer, string manifestPath, string configPath, string[]? mapUrls, CancellationToken cancellationToken)
    {
        var reporter = new ProtocolReporter(writer);
        var input = await ConnectorInput.WithDynamicStreamsAsync(
            (await ConnectorInput.LoadAsync(manifestPath, configPath, reporter, cancellationToken))?.WithUrlMappings(mapUrls, reporter), reporter, cancellationToken);
        if (input is null) return ExitCodes.InvalidManifest;
        writer.WriteCatalog(input.Connector.Streams.Where(s => s.IsSupported));
        return ExitCodes.Success;
    }

    private static async Task<int> RunAsync(string manifestPath, CancellationToken cancellationToken, Func<AirbyteMessageWriter, ConnectorDefinition, Task<int>> run)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        if (!File.Exists(manifestPath))
        {
            writer.WriteError($"manifest file not found: {manifestPath}", FailureType.ConfigError);
            return ExitCodes.InvalidManifest;
        }
        var loaded = ConnectorLoader.Parse(manifestPath, await File.ReadAllTextAsync(manifestPath, cancellationToken));
        return ConnectorInput.Accept(loaded, new ProtocolReporter(writer)) ? await run(writer, loaded.Definition!) : ExitCodes.InvalidManifest;
    }
}
