using System.CommandLine;
using Siphon.Http.ErrorHandling;
using Siphon.Manifest;
using Siphon.Runs.Protocol;
using Siphon.Source;

namespace Siphon.Cli.Commands;

/// <summary>
/// The Airbyte protocol commands that need only the manifest: <c>spec</c> and <c>discover</c>. They print
/// protocol messages on stdout and report a broken manifest as a TRACE error (config_error), exit code 1.
/// </summary>
internal static class ProtocolCommands
{
    public static Option<string> ManifestOption() => new("--manifest", "-m")
    {
        Description = "Path of the connector manifest (YAML).",
        Required = true,
    };

    public static Option<string> ConfigOption() => new("--config", "-c") { Description = "Path of the connector configuration (JSON)." };

    public static Command Spec()
    {
        var manifest = ManifestOption();
        var command = new Command("spec", "Print the connector's specification as an Airbyte SPEC message.") { manifest };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest)!, ct, (writer, definition) =>
        {
            if (definition.Spec is null)
            {
                writer.WriteError("the manifest has no 'spec': add a Spec with a connection_specification", FailureType.ConfigError);
                return ExitCodes.InvalidManifest;
            }
            writer.WriteSpec(definition.Spec);
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Discover()
    {
        var manifest = ManifestOption();
        var config = ConfigOption();
        var command = new Command("discover", "Print the connector's streams and their schemas as an Airbyte CATALOG message.") { manifest, config };
        command.SetAction((result, ct) => RunAsync(result.GetValue(manifest)!, ct, (writer, definition) =>
        {
            writer.WriteCatalog(definition.Streams.Where(s => s.IsSupported));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> RunAsync(string manifestPath, CancellationToken cancellationToken, Func<AirbyteMessageWriter, ConnectorDefinition, int> run)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        if (!File.Exists(manifestPath))
        {
            writer.WriteError($"manifest file not found: {manifestPath}", FailureType.ConfigError);
            return ExitCodes.InvalidManifest;
        }
        var loaded = ConnectorLoader.Parse(manifestPath, await File.ReadAllTextAsync(manifestPath, cancellationToken));
        foreach (var problem in loaded.Problems.Where(p => p.Severity != ManifestSeverity.Error))
            writer.WriteLog(problem.Severity == ManifestSeverity.Warning ? "WARN" : "INFO", problem.ToString());
        if (loaded.HasErrors)
        {
            var errors = loaded.Errors.ToList();
            writer.WriteError($"the manifest is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): {errors.FirstOrDefault()}",
                FailureType.ConfigError, string.Join("\n", errors));
            return ExitCodes.InvalidManifest;
        }
        return run(writer, loaded.Definition!);
    }
}
