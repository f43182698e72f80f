using System.CommandLine;
using System.Reflection;
using Siphon.Http.ErrorHandling;
using Siphon.Manifest;
using Siphon.Runs.Protocol;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Cli.Commands;

/// <summary>
/// The Airbyte protocol commands that need only the manifest: <c>spec</c> and <c>discover</c>. They print
/// protocol messages on stdout and report a broken manifest as a TRACE error (config_error), exit code 1; except that
/// <c>spec</c> prints a spec that is valid on its own whatever else is broken.
/// Without <c>--manifest</c> they behave as the platform's generic manifest-only image: <c>spec</c> asks for the
/// manifest inside the config, and <c>discover</c> takes it from there.
/// </summary>
internal static class ProtocolCommands
{
    public static Command Spec()
    {
        var manifest = ConnectorInput.ManifestOption();
        var command = new Command("spec", "Print the connector's specification as an Airbyte SPEC message (without --manifest: the spec of the generic image, which takes the manifest in the config).") { manifest };
        command.SetAction((result, ct) => result.GetValue(manifest) is { } path
            ? RunAsync(path, ct, (writer, loaded) => Task.FromResult(SpecOf(writer, loaded)))
            : WriteInjectedManifestSpec());
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
        var manifest = ConnectorInput.ManifestOption();
        var config = ConnectorInput.ConfigOption();
        var mapUrl = ConnectorInput.MapUrlOption();
        var command = new Command("discover", "Print the connector's streams and their schemas as an Airbyte CATALOG message.") { manifest, config, mapUrl };
        command.SetAction((result, ct) => result.GetValue(manifest) is { } path
            ? RunAsync(path, ct, (writer, loaded) =>
            {
                if (!ConnectorInput.Accept(loaded, new ProtocolReporter(writer))) return Task.FromResult(ExitCodes.InvalidManifest);
                var definition = loaded.Definition!;
                var needsConfig = definition.DynamicStreams.Count > 0 || definition.ConditionalStreams.Count > 0 || Runs.DynamicSchemaResolution.Needed(definition);
                if (needsConfig && result.GetValue(config) is { } configPath)
                    return DiscoverWithConfigAsync(writer, path, configPath, result.GetValue(mapUrl), ct);
                if (definition.DynamicStreams.Count > 0) writer.WriteLog("WARN", "the manifest's dynamic_streams are generated from a config: give --config to list them");
                if (definition.ConditionalStreams.Count > 0) writer.WriteLog("WARN", "the manifest's ConditionalStreams depend on the config: give --config to list them");
                if (Runs.DynamicSchemaResolution.Needed(definition)) writer.WriteLog("WARN", "some streams read their schema from the API (DynamicSchemaLoader): give --config to read it; they are listed with an open schema");
                return Task.FromResult(WriteCatalog(writer, definition));
            })
            : DiscoverInjectedAsync(result.GetValue(config), result.GetValue(mapUrl), ct));
        return command;
    }

    private static int WriteCatalog(AirbyteMessageWriter writer, ConnectorDefinition definition)
    {
        writer.WriteCatalog(definition.Streams.Where(s => s.IsSupported));
        return ExitCodes.Success;
    }

    /// <summary>The manifest comes inside the config, so the config is read (and checked against its spec) first.</summary>
    private static async Task<int> DiscoverInjectedAsync(string? configPath, string[]? mapUrls, CancellationToken cancellationToken)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        return await DiscoverWithConfigAsync(writer, null, configPath, mapUrls, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The written streams and those the dynamic streams generate for the config.</summary>
    private static async Task<int> DiscoverWithConfigAsync(AirbyteMessageWriter writer, string? manifestPath, string? configPath, string[]? mapUrls, CancellationToken cancellationToken)
    {
        var reporter = new ProtocolReporter(writer);
        var input = await ConnectorInput.WithDynamicStreamsAsync(
            (await ConnectorInput.LoadAsync(manifestPath, configPath, reporter, cancellationToken))?.WithUrlMappings(mapUrls, reporter), reporter, cancellationToken);
        input = await ConnectorInput.WithDynamicSchemasAsync(input, reporter, cancellationToken);
        return input is null ? ExitCodes.InvalidManifest : WriteCatalog(writer, input.Connector);
    }

    /// <summary>
    /// The SPEC of the platform's generic manifest-only image (the reference's source-declarative-manifest): one
    /// required object, the manifest, which the platform fills in for connectors built in its builder.
    /// </summary>
    private static Task<int> WriteInjectedManifestSpec()
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        var manifestProperty = JsonValues.NewObject();
        manifestProperty["title"] = "Low-code manifest";
        manifestProperty["type"] = "object";
        manifestProperty["description"] = "The declarative (low-code) manifest that defines the connector's streams.";
        var properties = JsonValues.NewObject();
        properties[ConnectorInput.InjectedManifestKey] = manifestProperty;
        var schema = JsonValues.NewObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema["title"] = "Declarative manifest source";
        // The platform shows no image label; the spec is where a user can see which Siphon runs their connector.
        schema["description"] = $"Siphon {SiphonVersion}: runs the declarative manifest given in {ConnectorInput.InjectedManifestKey}.";
        schema["type"] = "object";
        schema["required"] = new List<object?> { ConnectorInput.InjectedManifestKey };
        schema["additionalProperties"] = true;
        schema["properties"] = properties;
        writer.WriteSpec(new SpecDefinition(schema, "https://docs.airbyte.com/integrations/sources/low-code", null));
        return Task.FromResult(ExitCodes.Success);
    }

    private static string SiphonVersion =>
        typeof(ProtocolCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static async Task<int> RunAsync(string manifestPath, CancellationToken cancellationToken, Func<AirbyteMessageWriter, LoadedConnector, Task<int>> run)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new AirbyteMessageWriter(stdout);
        if (!File.Exists(manifestPath))
        {
            writer.WriteError($"manifest file not found: {manifestPath}", FailureType.ConfigError);
            return ExitCodes.InvalidManifest;
        }
        return await run(writer, ConnectorLoader.Parse(manifestPath, await File.ReadAllTextAsync(manifestPath, cancellationToken))).ConfigureAwait(false);
    }
}
