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
    /// <summary>URL prefixes rewritten before requests are sent (<c>--map-url</c>).</summary>
    public IReadOnlyList<UrlMapping> UrlMappings { get; init; } = [];

    /// <summary>How long a download may stay silent before it counts as broken (<c>--body-idle-timeout</c>); the session's default without it.</summary>
    public TimeSpan? BodyIdleTimeout { get; init; }

    public HttpSessionOptions SessionOptions => new()
    {
        UrlMappings = UrlMappings,
        ApiBudget = Connector.ApiBudget,
        BodyIdleTimeout = BodyIdleTimeout ?? HttpSessionOptions.Default.BodyIdleTimeout,
    };

    /// <summary>Applies <c>--map-url FROM=TO</c> values; false (after reporting) when one is malformed.</summary>
    public ConnectorInput? WithUrlMappings(string[]? values, IInputReporter reporter)
    {
        var mappings = new List<UrlMapping>();
        foreach (var value in values ?? [])
        {
            try { mappings.Add(UrlMapping.Parse(value)); }
            catch (FormatException e)
            {
                reporter.Error($"--map-url: {e.Message}", null);
                return null;
            }
        }
        return this with { UrlMappings = mappings };
    }

    /// <summary>
    /// Adds the streams the manifest's <c>dynamic_streams</c> generate for this config (requests go through the URL
    /// mappings); null after reporting when they cannot be generated. Nothing is done for a manifest without them.
    /// </summary>
    public static async Task<ConnectorInput?> WithDynamicStreamsAsync(ConnectorInput? input, IInputReporter reporter, CancellationToken cancellationToken)
    {
        if (input is null || input.Connector.DynamicStreams.Count == 0) return input;
        try
        {
            using var session = new HttpSession(input.SessionOptions, redactor: input.Redactor);
            return input with { Connector = await Runs.DynamicStreamResolution.ResolveAsync(input.Connector, input.Config, session, cancellationToken) };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Fail(reporter, input.Redactor.Redact($"the dynamic streams could not be generated: {e.Message}"));
        }
    }

    /// <summary>
    /// Reads the schemas of the streams with a <c>DynamicSchemaLoader</c> from the API (for <c>discover</c>, and for a sync
    /// whose tables follow the schema); null after reporting when one cannot be read. <c>read</c> does not need them.
    /// </summary>
    public static async Task<ConnectorInput?> WithDynamicSchemasAsync(ConnectorInput? input, IInputReporter reporter, CancellationToken cancellationToken)
    {
        if (input is null || !Runs.DynamicSchemaResolution.Needed(input.Connector)) return input;
        try
        {
            using var session = new HttpSession(input.SessionOptions, redactor: input.Redactor);
            return input with { Connector = await Runs.DynamicSchemaResolution.ResolveAsync(input.Connector, input.Config, session, cancellationToken) };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Fail(reporter, input.Redactor.Redact($"a stream's schema could not be read: {e.Message}"));
        }
    }

    public const string InjectedManifestKey = "__injected_declarative_manifest";

    public static Option<string?> ManifestOption(bool required = false) => new("--manifest", "-m")
    {
        Description = required ? "Path of the connector manifest (YAML)." : "Path of the connector manifest (YAML); optional when the config carries __injected_declarative_manifest.",
        Required = required,
    };

    public static Option<string?> ConfigOption() => new("--config", "-c") { Description = "Path of the connector configuration (JSON)." };

    public static Option<string[]> MapUrlOption() => new("--map-url")
    {
        Description = "FROM=TO: send requests whose URL starts with FROM to TO instead (repeatable), e.g. to run a real manifest against the simulator.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> AbortJobsOnStopOption() => new("--abort-jobs-on-stop")
    {
        Description = "On Ctrl+C or SIGTERM, abort running async jobs at the provider; by default they are kept in the state and the next run resumes them.",
    };

    /// <summary>Loads and validates everything; on failure writes a config_error TRACE and returns null.</summary>
    public static Task<ConnectorInput?> LoadAsync(string? manifestPath, string? configPath, AirbyteMessageWriter writer, CancellationToken cancellationToken) =>
        LoadAsync(manifestPath, configPath, new ProtocolReporter(writer), cancellationToken);

    /// <summary>Loads and validates everything; on failure tells <paramref name="reporter"/> and returns null.</summary>
    public static async Task<ConnectorInput?> LoadAsync(string? manifestPath, string? configPath, IInputReporter reporter, CancellationToken cancellationToken)
    {
        _ = ConfigValidator.WarmUpAsync();
        var config = JsonValues.NewObject();
        if (configPath is not null)
        {
            if (!File.Exists(configPath)) return Fail(reporter, $"config file not found: {configPath}");
            try
            {
                if (JsonValues.Parse(await File.ReadAllBytesAsync(configPath, cancellationToken)) is not Dictionary<string, object?> parsed)
                    return Fail(reporter, $"{configPath}: the config must be a JSON object");
                config = parsed;
            }
            catch (System.Text.Json.JsonException e)
            {
                // System.Text.Json appends zero-based " LineNumber: 0 | BytePositionInLine: 35."; say file:line:col instead.
                var reason = e.Message;
                var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                if (cut > 0) reason = reason[..cut];
                // System.Text.Json quotes the text it could not read, which may be a secret: keep only short quotes ('b', '0x01').
                reason = System.Text.RegularExpressions.Regex.Replace(reason, "'[^']{7,}'", "the text there");
                return Fail(reporter, $"{configPath}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: the config is not valid JSON: {reason}");
            }
        }

        LoadedConnector loaded;
        if (config.Remove(InjectedManifestKey, out var injected) && manifestPath is null)
        {
            if (injected is not Dictionary<string, object?>) return Fail(reporter, $"{InjectedManifestKey} must be a JSON object (the manifest)");
            loaded = ConnectorLoader.Parse(InjectedManifestKey, JsonValues.ToJson(injected, indented: true));
        }
        else if (manifestPath is null) return Fail(reporter, "give the manifest with --manifest, or inside the config as __injected_declarative_manifest");
        else if (!File.Exists(manifestPath)) return Fail(reporter, $"manifest file not found: {manifestPath}");
        else loaded = ConnectorLoader.Parse(manifestPath, await File.ReadAllTextAsync(manifestPath, cancellationToken));

        return FromLoaded(loaded, config, reporter, configPath, injected);
    }

    /// <summary>Reports a parsed manifest's problems; false when it has errors and cannot be used.</summary>
    public static bool Accept(LoadedConnector loaded, IInputReporter reporter)
    {
        foreach (var problem in loaded.Problems) reporter.Problem(problem);
        if (loaded.CanRun)
        {
            // The other streams run; the run says which one cannot, and why, as a warning.
            foreach (var error in loaded.StreamErrors) reporter.Problem(error with { Severity = ManifestSeverity.Warning });
            return true;
        }
        var errors = loaded.Errors.ToList();
        reporter.Error($"the manifest is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}): {errors.FirstOrDefault()}", string.Join("\n", errors));
        return false;
    }

    /// <summary>
    /// Validates an already parsed manifest and config (the demo's built-in examples). A config the manifest's migrations
    /// changed is written back to <paramref name="configPath"/> when the reporter says so, as the reference's entrypoint does.
    /// </summary>
    public static ConnectorInput? FromLoaded(LoadedConnector loaded, Dictionary<string, object?> config, IInputReporter reporter,
        string? configPath = null, object? injectedManifest = null)
    {
        if (!Accept(loaded, reporter)) return null;
        var connector = loaded.Definition!;
        var redactor = SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, config);
        // As the reference does: migrate (announcing a changed config once, so the platform stores it), transform,
        // check against the spec, then run the manifest's validations; all before any request.
        if (connector.Spec is { } spec)
        {
            var normalized = spec.Normalize(config);
            if (normalized.Migrated is { } migrated)
            {
                reporter.ConfigMigrated(migrated);
                if (reporter.PersistsMigratedConfig && configPath is not null) Persist(configPath, migrated, injectedManifest);
            }
            config = normalized.Config;
            redactor = SecretRedactor.FromSpec(spec.ConnectionSpecification, config);
        }
        var problems = ConfigValidator.Validate(connector.Spec, config);
        if (problems.Count > 0)
            return Fail(reporter, redactor.Redact($"the config does not match the spec: {string.Join("; ", problems)}"));
        if (connector.Spec?.Normalization?.Problem(config) is { } refused)
            return Fail(reporter, redactor.Redact($"the config fails a validation of the manifest: {refused}"));
        try
        {
            connector = connector.ForConfig(config, TimeProvider.System);
        }
        catch (Templates.TemplateException e)
        {
            return Fail(reporter, redactor.Redact($"a ConditionalStreams condition cannot be evaluated: {e.Message}"));
        }
        return new ConnectorInput(connector, config, redactor);
    }

    /// <summary>
    /// Writes the migrated config (not the transformed one, and with the manifest it carried) over the config file, so the
    /// next run starts from it. The CONTROL message already told the platform, so a file that cannot be written stops nothing.
    /// </summary>
    private static void Persist(string configPath, Dictionary<string, object?> migrated, object? injectedManifest)
    {
        var written = new Dictionary<string, object?>(migrated, StringComparer.Ordinal);
        if (injectedManifest is not null) written[InjectedManifestKey] = injectedManifest;
        try { File.WriteAllText(configPath, JsonValues.ToJson(written)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static ConnectorInput? Fail(IInputReporter reporter, string message)
    {
        reporter.Error(message, null);
        return null;
    }

    private static ConnectorInput? Fail(AirbyteMessageWriter writer, string message) => Fail(new ProtocolReporter(writer), message);
}

/// <summary>Where problems with the manifest or config go: protocol messages, or a person's terminal.</summary>
internal interface IInputReporter
{
    void Error(string message, string? details);
    void Problem(ManifestError problem);

    /// <summary>The manifest's config migrations changed the config; the run uses <paramref name="config"/>.</summary>
    void ConfigMigrated(Dictionary<string, object?> config);

    /// <summary>Whether a migrated config is written back to the config file (the protocol commands, as the reference's).</summary>
    bool PersistsMigratedConfig { get; }
}

internal sealed class ProtocolReporter(AirbyteMessageWriter writer) : IInputReporter
{
    public void Error(string message, string? details) => writer.WriteError(message, FailureType.ConfigError, details);

    public void Problem(ManifestError problem)
    {
        if (problem.Severity != ManifestSeverity.Error)
            writer.WriteLog(problem.Severity == ManifestSeverity.Warning ? "WARN" : "INFO", problem.ToString());
    }

    public void ConfigMigrated(Dictionary<string, object?> config) => writer.WriteConfigUpdate(config);

    public bool PersistsMigratedConfig => true;
}

/// <summary>Reports to the terminal's standard error, or to <paramref name="error"/> (a command run from a test).</summary>
internal sealed class ConsoleReporter(TextWriter? error = null) : IInputReporter
{
    private TextWriter To => error ?? Console.Error;

    public void Error(string message, string? details)
    {
        if (details is not null) foreach (var line in details.Split('\n')) To.WriteLine(line);
        Output.Error(message, To);
    }

    public void Problem(ManifestError problem)
    {
        if (problem.Severity != ManifestSeverity.Error) Output.Problem(problem, To);
    }

    // No platform stores a config here: the migration is applied to every run and the file is left as the user wrote it.
    public void ConfigMigrated(Dictionary<string, object?> config) =>
        To.WriteLine("note: the manifest's config migrations changed the config; this run uses the migrated config (the config file is unchanged)");

    // `sync` and `test` are Siphon's own commands for a person: the config file stays as they wrote it.
    public bool PersistsMigratedConfig => false;
}
