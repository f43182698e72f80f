using System.CommandLine;
using Siphon.Http;
using Siphon.Http.ErrorHandling;
using Siphon.Manifest;
using Siphon.Runs.Protocol;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Cli.Commands;

/// <summary>
/// What the protocol commands share: the manifest (a file, or the config's <c>__injected_declarative_manifest</c> as the
/// platform's manifest-only connectors pass it), the config (validated against the spec), and the secret redactor.
/// Every problem is reported as a protocol TRACE error, never as a stack trace.
/// </summary>
internal sealed record ConnectorInput(ConnectorDefinition Connector, Dictionary<string, object?> Config, SecretRedactor Redactor)
{
    public const string InjectedManifestKey = "__injected_declarative_manifest";

    public static Option<string?> ManifestOption() => new("--manifest", "-m") { Description = "Path of the connector manifest (YAML); optional when the config carries __injected_declarative_manifest." };

    public static Option<string?> ConfigOption() => new("--config", "-c") { Description = "Path of the connector configuration (JSON)." };

    public static Option<string[]> MapUrlOption() => new("--map-url")
    {
        Description = "FROM=TO: send requests whose URL starts with FROM to TO instead (repeatable), e.g. to run a real manifest against the simulator.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Loads and validates everything; on failure writes a config_error TRACE and returns null.</summary>
    public static async Task<ConnectorInput?> LoadAsync(string? manifestPath, string? configPath, AirbyteMessageWriter writer, CancellationToken cancellationToken)
    {
        var config = JsonValues.NewObject();
        if (configPath is not null)
        {
            if (!File.Exists(configPath)) return Fail(writer, $"config file not found: {configPath}");
            try
            {
                if (JsonValues.Parse(await File.ReadAllBytesAsync(configPath, cancellationToken)) is not Dictionary<string, object?> parsed)
                    return Fail(writer, $"{configPath}: the config must be a JSON object");
                config = parsed;
            }
            catch (System.Text.Json.JsonException e)
            {
                return Fail(writer, $"{configPath}: the config is not valid JSON: {e.Message}");
            }
        }

        LoadedConnector loaded;
        if (config.Remove(InjectedManifestKey, out var injected) && manifestPath is null)
        {
            if (injected is not Dictionary<string, object?>) return Fail(writer, $"{InjectedManifestKey} must be a JSON object (the manifest)");
            loaded = ConnectorLoader.Parse(InjectedManifestKey, JsonValues.ToJson(injected, indented: true));
        }
        else if (manifestPath is null) return Fail(writer, "give the manifest with --manifest, or inside the config as __injected_declarative_manifest");
        else if (!File.Exists(manifestPath)) return Fail(writer, $"manifest file not found: {manifestPath}");
        else loaded = ConnectorLoader.Parse(manifestPath, await File.ReadAllTextAsync(manifestPath, cancellationToken));

        foreach (var problem in loaded.Problems.Where(p => p.Severity != ManifestSeverity.Error))
            writer.WriteLog(problem.Severity == ManifestSeverity.Warning ? "WARN" : "INFO", problem.ToString());
        if (loaded.HasErrors)
        {
            var errors = loaded.Errors.ToList();
            writer.WriteError($"the manifest is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): {errors.FirstOrDefault()}",
                FailureType.ConfigError, string.Join("\n", errors));
            return null;
        }
        var connector = loaded.Definition!;
        var redactor = SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, config);
        var problems = ConfigValidator.Validate(connector.Spec, config);
        if (problems.Count > 0)
            return Fail(writer, redactor.Redact($"the config does not match the spec: {string.Join("; ", problems)}"));
        return new ConnectorInput(connector, config, redactor);
    }

    /// <summary>Parses <c>FROM=TO</c> pairs; null (after a TRACE error) when one is malformed.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? UrlMappings(string[]? values, AirbyteMessageWriter writer)
    {
        var mappings = new List<KeyValuePair<string, string>>();
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=');
            if (eq <= 0 || eq == value.Length - 1)
            {
                Fail(writer, $"--map-url expects FROM=TO, got '{value}'");
                return null;
            }
            mappings.Add(new(value[..eq], value[(eq + 1)..]));
        }
        return mappings;
    }

    private static ConnectorInput? Fail(AirbyteMessageWriter writer, string message)
    {
        writer.WriteError(message, FailureType.ConfigError);
        return null;
    }
}
