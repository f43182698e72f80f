using System.CommandLine;
using Siphon.Http.ErrorHandling;
using Siphon.Manifest;
using Siphon.Runs.Protocol;
using Siphon.Source;

namespace Siphon.Cli.Commands;

/// <summary>
/// The Airbyte protocol commands that need only the manifest: <c>spec</c> and <c>discover</c>. They print
/// protocol messages on stdout and report a broken manifest as a TRACE error (config_error), exit code 1; except that
/// <c>spec</c> prints a spec that is valid on its own whatever else is broken.
/// </summary>
internal static class ProtocolCommands
{
    public static Command Spec()
    {
        var manifest = ConnectorInput.ManifestOption(required: true);
        var command = new Command("spec", "Print the connector's specification as an Airbyte SPEC message.") { manifest };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest)!, ct, SpecOf));
        return command;
    }

    /// <summary>
    /// The spec needs nothing else from the manifest: a valid spec is printed even when other parts have errors, which
    /// are logged (ERROR) rather than failing the command, so the connector can still be configured.
    /// </summary>
    private static int SpecOf(AirbyteMessageWriter writer, LoadedConnector loaded)
    {
        if (loaded.HasErrors && loaded.Spec is { } spec)
        {
            foreach (var problem in loaded.Problems)
                writer.WriteLog(problem.Severity switch { ManifestSeverity.Error => "ERROR", ManifestSeverity.Warning => "WARN", _ => "INFO" }, problem.ToString());
            writer.WriteSpec(spec);
            return ExitCodes.Success;
        }
        if (!ConnectorInput.Accept(loaded, new ProtocolReporter(writer))) return ExitCodes.InvalidManifest;
        if (loaded.Definition!.Spec is null)
        {
            writer.WriteError("the manifest has no 'spec': add a Spec with a connection_specification", FailureType.ConfigError);
            return ExitCodes.InvalidManifest;
        }
        writer.WriteSpec(loaded.Definition.Spec);
        return ExitCodes.Success;
    }

    public static Command Discover()
    {
        var manifest = ConnectorInput.ManifestOption(required: true);
        var config = ConnectorInput.ConfigOption();
        var command = new Command("discover", "Print the connector's streams and their schemas as an Airbyte CATALOG message.") { manifest, config };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest)!, ct, (writer, loaded) =>
        {
            if (!ConnectorInput.Accept(loaded, new ProtocolReporter(writer))) return ExitCodes.InvalidManifest;
            writer.WriteCatalog(loaded.Definition!.Streams.Where(s => s.IsSupported));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> RunAsync(string manifestPath, CancellationToken cancellationToken, Func<AirbyteMessageWriter, LoadedConnector, int> run)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        if (!File.Exists(manifestPath))
        {
            writer.WriteError($"manifest file not found: {manifestPath}", FailureType.ConfigError);
            return ExitCodes.InvalidManifest;
        }
        return run(writer, ConnectorLoader.Parse(manifestPath, await File.ReadAllTextAsync(manifestPath, cancellationToken)));
    }
}
