using Siphon.Source;
using Siphon.Values;

namespace Siphon.Tests.Source;

/// <summary>The config rules' semantics, built from manifests through the real registry (the CLI tests run them end to end).</summary>
public sealed class ConfigNormalizationTests
{
    private static SpecDefinition Spec(string rules)
    {
        var loaded = ConnectorLoader.Parse("m.yaml", $$"""
            version: 6.5.0
            type: DeclarativeSource
            check: { stream_names: [items] }
            streams:
              - name: items
                retriever:
                  requester: { url: "http://127.0.0.1:9/items" }
                  record_selector: { extractor: { field_path: [] } }
            spec:
              connection_specification: { type: object }
              config_normalization_rules:
            {{string.Join("\n", rules.Split('\n').Select(l => "    " + l))}}
            """);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.Empty(loaded.Problems);
        return loaded.Definition!.Spec!;
    }

    private static Dictionary<string, object?> Config(string json) => (Dictionary<string, object?>)JsonValues.Parse(json)!;

    [Fact]
    public void Normalize_Transformations_ApplyInOrderWithoutBeingAnnounced()
    {
        var spec = Spec("""
            transformations:
              - type: ConfigRemapField
                field_path: [account, "{{ config['which'] }}"]
                map: { eu: europe, us: america }
              - type: ConfigRemoveFields
                field_pointers: [[legacy], [account, "*"]]
                condition: "{{ config['drop'] }}"
              - type: ConfigAddFields
                fields:
                  - path: [region_label]
                    value: "{{ config['account']['region'] | upper }}"
                  - path: [empty]
                    value: ""
                condition: "{{ property | length > 0 }}"
            """);
        var input = Config("""{"which":"region","account":{"region":"eu","other":1},"legacy":"x","drop":false}""");

        var normalized = spec.Normalize(input);

        Assert.Null(normalized.Migrated);
        Assert.Equal("""{"which":"region","account":{"region":"europe","other":1},"legacy":"x","drop":false,"region_label":"EUROPE"}""", JsonValues.ToJson(normalized.Config));
        Assert.Equal("""{"which":"region","account":{"region":"eu","other":1},"legacy":"x","drop":false}""", JsonValues.ToJson(input));
        Assert.Equal("""{"which":"region","account":{},"drop":true}""", JsonValues.ToJson(spec.Normalize(Config("""{"which":"region","account":{"region":"eu","other":1},"legacy":"x","drop":true}""")).Config));
    }

    [Fact]
    public void Normalize_MigrationOfANestedField_IsSeenAsAChange()
    {
        var spec = Spec("""
            config_migrations:
              - type: ConfigMigration
                transformations:
                  - type: ConfigRemapField
                    field_path: [credentials, auth_type]
                    map: { token: api_key }
            """);

        var normalized = spec.Normalize(Config("""{"credentials":{"auth_type":"token"}}"""));

        Assert.Equal("""{"credentials":{"auth_type":"api_key"}}""", JsonValues.ToJson(normalized.Migrated));
        Assert.Null(spec.Normalize(normalized.Migrated!).Migrated);
    }

    [Fact]
    public void Problem_PredicateAndDpathValidators_NameTheFailingRule()
    {
        var spec = Spec("""
            validations:
              - type: PredicateValidator
                value: "{{ config['api_version'] }}"
                validation_strategy: { type: ValidateAdheresToSchema, base_schema: { type: string, pattern: "^v[0-9]+$" } }
              - type: DpathValidator
                field_path: [reports, "*", schema]
                validation_strategy:
                  type: ValidateAdheresToSchema
                  base_schema: '{"type": "object", "required": ["properties"]}'
            """);

        Assert.Null(spec.Normalization!.Problem(Config("""{"api_version":"v2","reports":[{"schema":"{\"properties\":{}}"}]}""")));
        Assert.Equal("m.yaml:13:9 spec.config_normalization_rules.validations[0] (PredicateValidator): JSON schema validation error: The string value is not a match for the indicated regular expression",
            spec.Normalization.Problem(Config("""{"api_version":"beta","reports":[]}""")));
        Assert.Equal("m.yaml:16:9 spec.config_normalization_rules.validations[1] (DpathValidator): at [reports, *, schema]: JSON schema validation error: Required properties [\"properties\"] are not present",
            spec.Normalization.Problem(Config("""{"api_version":"v2","reports":[{"schema":{"properties":{}}},{"schema":"{}"}]}""")));
        Assert.Equal("m.yaml:16:9 spec.config_normalization_rules.validations[1] (DpathValidator): path [reports, *, schema] not found in the config",
            spec.Normalization.Problem(Config("""{"api_version":"v2"}""")));
    }
}
