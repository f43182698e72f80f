using Siphon.Components;

namespace Siphon.Source;

/// <summary>The configuration a connector takes, as the Airbyte protocol's ConnectorSpecification describes it.</summary>
public sealed record SpecDefinition(object? ConnectionSpecification, string? DocumentationUrl, object? AdvancedAuth)
{
    public static readonly ComponentSpec Component = new("Spec", ComponentKind.Spec,
        "The configuration users provide: a JSON Schema whose fields marked airbyte_secret are secrets.",
        [
            Field.Any("connection_specification", "JSON Schema of the configuration.", required: true) with { NotTemplated = true },
            Field.String("documentation_url", "Where users read how to configure the connector."),
            Field.Any("advanced_auth", "OAuth flow settings for the platform's UI; its templates (consent URLs...) are the platform's, not compiled here.") with { NotTemplated = true },
            Field.NotRun("config_normalization_rules", "Migrations, transformations and validations applied to the config before anything runs.",
                "the config is not normalized yet; every stream reads the config, so every stream is reported unsupported (spec still prints)"),
        ])
    {
        Factory = (node, _) =>
        {
            var schema = node.Value("connection_specification");
            if (ConfigValidator.SchemaProblem(schema?.ToValue()) is { } problem)
                throw new ComponentBuildException(schema?.Position ?? node.Position, node.FieldPath("connection_specification"), $"not a valid JSON Schema: {problem}");
            return new SpecDefinition(schema?.ToValue(), node.Text("documentation_url"), node.Value("advanced_auth")?.ToValue());
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
        Factory = (node, _) => new ConcurrencyLevelDefinition(node.Text("default_concurrency") ?? "2", node.Integer("max_concurrency")),
        Example = "type: ConcurrencyLevel\ndefault_concurrency: 2\nmax_concurrency: 10\n",
    };
}
