using Siphon.Components;
using Siphon.Source.ConfigNormalization;

namespace Siphon.Source;

/// <summary>The configuration a connector takes, as the Airbyte protocol's ConnectorSpecification describes it.</summary>
public sealed record SpecDefinition(object? ConnectionSpecification, string? DocumentationUrl, object? AdvancedAuth)
{
    /// <summary>
    /// <see cref="ConnectionSpecification"/> compiled when the manifest was built (null for a spec made in code), so that
    /// checking a config does not compile it again.
    /// </summary>
    internal Json.Schema.JsonSchema? CompiledSchema { get; init; }

    /// <summary>The manifest's config migrations, transformations and validations; null when it has none.</summary>
    public ConfigNormalization.ConfigNormalizationRules? Normalization { get; init; }

    /// <summary>
    /// The config a run uses: migrated and transformed by <see cref="Normalization"/>; <see cref="NormalizedConfig.Migrated"/>
    /// is what to announce when the migrations changed it.
    /// </summary>
    public NormalizedConfig Normalize(IReadOnlyDictionary<string, object?> config, TimeProvider? time = null) =>
        Normalization?.Normalize(config, time) ?? new NormalizedConfig(config as Dictionary<string, object?> ?? config.ToDictionary(StringComparer.Ordinal), null);

    public static readonly ComponentSpec Component = new("Spec", ComponentKind.Spec,
        "The configuration users provide: a JSON Schema whose fields marked airbyte_secret are secrets.",
        [
            Field.Any("connection_specification", "JSON Schema of the configuration.", required: true) with { NotTemplated = true },
            Field.String("documentation_url", "Where users read how to configure the connector."),
            Field.Any("advanced_auth", "OAuth flow settings for the platform's UI; its templates (consent URLs...) are the platform's, not compiled here.") with { NotTemplated = true },
            Field.Component("config_normalization_rules", ComponentKind.ConfigNormalization,
                "Migrations, transformations and validations applied to the config before anything runs.", implied: "ConfigNormalizationRules"),
        ])
    {
        Factory = (node, context) =>
        {
            var schema = node.Value("connection_specification");
            var (compiled, problem) = ConfigValidator.Compile(schema?.ToValue());
            if (problem is not null)
                throw new ComponentBuildException(schema?.Position ?? node.Position, node.FieldPath("connection_specification"), $"not a valid JSON Schema: {problem}");
            return new SpecDefinition(schema?.ToValue(), node.Text("documentation_url"), node.Value("advanced_auth")?.ToValue())
            {
                CompiledSchema = compiled,
                Normalization = context.BuildOptional<ConfigNormalization.ConfigNormalizationRules>(node.Child("config_normalization_rules")),
            };
        },
        Example = """
            type: Spec
            connection_specification:
              type: object
              required: [api_key]
              properties:
                api_key: { type: string, airbyte_secret: true }
            """,
    };
}

/// <summary>How `check` tests a configuration: by reading one record of each named stream.</summary>
public sealed record CheckDefinition(IReadOnlyList<string> StreamNames)
{
    /// <summary>For <c>CheckDynamicStream</c>: how many of the connector's streams (generated ones included) to read from, instead of names.</summary>
    public int? StreamCount { get; init; }

    /// <summary>For <c>CheckDynamicStream</c>: values overlaid onto the config while checking.</summary>
    public Dictionary<string, object?>? ConfigOverrides { get; init; }

    public static readonly ComponentSpec Component = new("CheckStream", ComponentKind.Check,
        "Checks a configuration by reading from the named streams.",
        [
            new FieldSpec("stream_names", FieldType.StringList, "Streams to read from."),
            Field.NotRun("dynamic_streams_check_configs", "Which dynamic streams to check, and how many of each.", "dynamic streams are not generated yet, so `check` reports this instead of running"),
            Field.NotRun("config_overrides", "Config values that replace the user's while checking.", "`check` does not override the config yet, so it reports this instead of running"),
        ])
    {
        Factory = (node, _) => new CheckDefinition(
            (node.Value("stream_names") as Manifest.ManifestList)?.Items.OfType<Manifest.ManifestScalar>().Select(s => s.Text).ToList() ?? []),
        Example = "type: CheckStream\nstream_names: [items]\n",
    };
}

/// <summary>How many partitions are read at once; the default may be a template over config.</summary>
public sealed record ConcurrencyLevelDefinition(string DefaultConcurrency, long? MaxConcurrency)
{
    public static readonly ComponentSpec Component = new("ConcurrencyLevel", ComponentKind.ConcurrencyLevel,
        "How many partitions of the source are read concurrently.",
        [
            Field.Template("default_concurrency", "Number of concurrent workers (may be a template such as \"{{ config['num_workers'] or 2 }}\").", required: true),
            Field.Integer("max_concurrency", "Upper bound on default_concurrency when it comes from config."),
        ])
    {
        Factory = (node, _) => new ConcurrencyLevelDefinition(node.Text("default_concurrency")!, node.Integer("max_concurrency")),
        Example = "type: ConcurrencyLevel\ndefault_concurrency: 2\nmax_concurrency: 10\n",
    };
}
