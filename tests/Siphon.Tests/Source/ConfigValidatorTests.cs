using Siphon.Manifest;
using Siphon.Source;
using Siphon.Tests.Support;
using Siphon.Values;

namespace Siphon.Tests.Source;

public sealed class ConfigValidatorTests
{
    private static SpecDefinition Spec(string json) => new(JsonValues.Parse(json), null, null);

    private static Dictionary<string, object?> Config(string json) => (Dictionary<string, object?>)JsonValues.Parse(json)!;

    [Fact]
    public void Validate_SpecWithAirbyteKeywords_ChecksTheConfigInsteadOfRejectingTheSchema()
    {
        var spec = Spec("""
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["api_key", "start_date"],
             "properties": {
               "api_key": {"type": "string", "airbyte_secret": true, "order": 0, "title": "API Key"},
               "start_date": {"type": "string", "order": 1, "group": "dates", "pattern_descriptor": "YYYY-MM-DD", "examples": ["2024-01-01"], "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
               "region": {"type": "string", "enum": ["eu", "us"], "always_show": true, "airbyte_hidden": false}}}
            """);

        Assert.Empty(ConfigValidator.Validate(spec, Config("""{"api_key": "k", "start_date": "2024-01-01", "region": "eu"}""")));
        Assert.Equal(["config: Required properties [\"start_date\"] are not present"], ConfigValidator.Validate(spec, Config("""{"api_key": "k"}""")));
    }

    [Fact]
    public void Validate_SpecWithoutSchemaKeyword_IsReadAsDraft07()
    {
        var spec = Spec("""{"type": "object", "properties": {"page_size": {"type": "integer", "minimum": 1, "order": 3}}}""");

        Assert.Equal(["config.page_size: 0 should be at least 1"], ConfigValidator.Validate(spec, Config("""{"page_size": 0}""")));
    }

    [Fact]
    public void Validate_ManySpecsAtOnce_GivesEachItsOwnAnswer()
    {
        // Connectors load and configs are checked on many threads at once (tests, the builder's sessions, dynamic streams).
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var spec = Spec($$"""{"$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://example.com/s{{i % 7}}", "type": "object", "properties": {"n": {"type": "integer", "minimum": {{i}} """ + "}}}");
            var problems = ConfigValidator.Validate(spec, Config($$"""{"n": {{i - 1}}}"""));
            if (problems is not [var only] || only != $"config.n: {i - 1} should be at least {i}") failures.Add(string.Join("; ", problems));
        });

        Assert.Empty(failures);
    }

    [RealManifestsFact]
    public async Task SchemaProblem_EveryRealManifestsSpec_IsAValidSchema()
    {
        var checkedSpecs = 0;
        foreach (var file in RepositoryPaths.RealManifestFiles())
        {
            var loaded = await ConnectorLoader.LoadAsync(file, CancellationToken.None);
            if (loaded.Definition!.Spec is null) continue; // the spec ships beside some manifests, not in them
            checkedSpecs++;
            Assert.Null(ConfigValidator.SchemaProblem(loaded.Definition.Spec.ConnectionSpecification));
            // An empty config is checked against the spec (its required fields), not refused for the spec's keywords.
            Assert.All(ConfigValidator.Validate(loaded.Definition.Spec, []), problem => Assert.StartsWith("config", problem));
        }
        Assert.True(checkedSpecs >= 3, $"only {checkedSpecs} real manifests carry a spec");
    }

    [Theory]
    [InlineData("{ type: object, required: api_key }", "'required' value must be an array, found String.")]
    [InlineData("{ type: object, properties: { api_key: { type: strng } } }", "'strng' is not a valid JSON Schema value type")]
    [InlineData("[api_key]", "expected an object (a JSON Schema)")]
    public void Load_BrokenConnectionSpecification_FailsAtItsPosition(string schema, string problem)
    {
        var yaml = $"""
            version: 6.5.0
            type: DeclarativeSource
            check: {"{"} stream_names: [items] {"}"}
            streams:
              - name: items
                retriever: {"{"} type: SimpleRetriever, requester: {"{"} url: "https://example.test" {"}"}, record_selector: {"{"} extractor: {"{"} field_path: [] {"}"} {"}"} {"}"}
            spec:
              connection_specification: {schema}
            """;

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml);

        var error = Assert.Single(loaded.Errors);
        Assert.Equal($"manifest.yaml:8:29: spec.connection_specification: not a valid JSON Schema: {problem}", error.ToString());
    }
}
