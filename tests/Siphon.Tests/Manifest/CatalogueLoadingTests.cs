using Siphon.Manifest;
using Siphon.Source;

namespace Siphon.Tests.Manifest;

/// <summary>
/// Shapes of real catalogue manifests that the reference loads and Siphon once refused, each trimmed from the
/// connector named in its test, loaded through the real registry.
/// </summary>
public sealed class CatalogueLoadingTests
{
    private const string Stream = """
          - type: DeclarativeStream
            name: items
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "https://api.example.com/items" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
        """;

    /// <summary>A retriever on one line, for the dynamic streams' templates and resolvers.</summary>
    private const string SheetsRetriever =
        """{ type: SimpleRetriever, requester: { type: HttpRequester, url: "https://sheets.example.com/x" }, record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } } }""";

    private static LoadedConnector Load(string yaml) => ConnectorLoader.Parse("manifest.yaml", yaml);

    /// <summary>A manifest of one stream whose requester is <paramref name="requester"/>, written from line 10, column 9.</summary>
    private static LoadedConnector LoadWithRequester(string requester) => Load($$"""
        version: 6.5.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [items] }
        streams:
          - type: DeclarativeStream
            name: items
            retriever:
              type: SimpleRetriever
              requester:
        {{string.Join("\n", requester.Split('\n').Select(line => "        " + line))}}
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
        """);

    private static string Problems(LoadedConnector loaded) => string.Join("\n", loaded.Problems);

    [Fact]
    public void Load_DynamicStreamsWithoutStreams_IsNotMissingStreams()
    {
        // From source-google-sheets: every stream is generated, so the manifest has dynamic_streams and no streams.
        var loaded = Load($$$"""
            version: 6.7.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [] }
            dynamic_streams:
              - type: DynamicDeclarativeStream
                stream_template: { type: DeclarativeStream, name: "", retriever: {{{SheetsRetriever}}} }
                components_resolver:
                  type: HttpComponentsResolver
                  retriever: {{{SheetsRetriever}}}
                  components_mapping:
                    - type: ComponentMappingDefinition
                      field_path: [name]
                      value: "{{components_values['properties']['title']}}"
            """);

        Assert.False(loaded.HasErrors, Problems(loaded));
        Assert.DoesNotContain(loaded.Problems, p => p.Kind == ManifestErrorKind.MissingField);
    }

    [Fact]
    public void Load_ComponentsValuesInAMapping_IsAVariableNotATypo()
    {
        // From source-google-sheets' components_mapping (the reference gives mappings components_values and stream_template_config).
        var loaded = Load($$$"""
            version: 6.7.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [items] }
            streams:
            {{{Stream}}}
            dynamic_streams:
              - type: DynamicDeclarativeStream
                stream_template: { type: DeclarativeStream, name: "", retriever: {{{SheetsRetriever}}} }
                components_resolver:
                  type: HttpComponentsResolver
                  retriever: {{{SheetsRetriever}}}
                  components_mapping:
                    - type: ComponentMappingDefinition
                      field_path: [name]
                      value: >-
                        {% set overrides = config.get('stream_name_overrides', [])
                            | selectattr('source_stream_name', 'equalto', components_values['properties']['title']) | list %}
                        {{ overrides[0]['custom_stream_name'] if overrides else components_values['properties']['title'] }}
                    - type: ComponentMappingDefinition
                      field_path: [retriever, requester, path]
                      value: "{{ stream_template_config['retriever']['requester']['path'] }}"
            """);

        Assert.False(loaded.HasErrors, Problems(loaded));
        Assert.DoesNotContain(loaded.Problems, p => p.Kind == ManifestErrorKind.InvalidTemplate);
    }

    [Fact]
    public void Load_NeitherStreamsNorDynamicStreams_ReportsBothAlternatives()
    {
        var loaded = Load("version: 6.7.0\ntype: DeclarativeSource\ncheck: { type: CheckStream, stream_names: [a] }\n");

        var problem = Assert.Single(loaded.Errors);
        Assert.Equal("manifest.yaml:1:1: missing required field 'streams' (or 'dynamic_streams')", problem.ToString());
    }

    [Theory]
    [InlineData("https://json-schema.org/draft-07/schema#")]
    [InlineData("https://json-schema.org/draft-07/schema")]
    [InlineData("http://json-schema.org/draft-07/schema")]
    [InlineData("http://json-schema.org/draft-04/schema#")]
    [InlineData("http://json-schema.org/schema#")]
    public void Load_ConnectionSpecificationSchemaSpelling_IsAcceptedAndStillChecksConfigs(string schema)
    {
        // The catalogue's specs and stream schemas spell $schema all of these ways; the reference accepts every one.
        var loaded = Load($$"""
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [items] }
            spec:
              type: Spec
              connection_specification:
                $schema: "{{schema}}"
                type: object
                required: [api_key]
                properties:
                  api_key: { type: string, airbyte_secret: true }
            streams:
            {{Stream}}
            """);

        Assert.False(loaded.HasErrors, Problems(loaded));
        Assert.Contains("api_key", Assert.Single(ConfigValidator.Validate(loaded.Definition!.Spec, new Dictionary<string, object?>())));
        Assert.Empty(ConfigValidator.Validate(loaded.Definition.Spec, new Dictionary<string, object?> { ["api_key"] = "k" }));
    }

    [Fact]
    public void Load_AdvancedAuthTemplates_AreThePlatformsNotCompiled()
    {
        // The reference schema's consent_url example: the platform renders it (nested braces, urlEncoder), not the connector.
        var loaded = Load($$$"""
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [items] }
            spec:
              type: Spec
              connection_specification: { type: object, properties: { client_id: { type: string } } }
              advanced_auth:
                auth_flow_type: oauth2.0
                oauth_config_specification:
                  oauth_connector_input_specification:
                    consent_url: "https://ads.tiktok.com/marketing_api/auth?{{client_id_key}}={{client_id_value}}&{{redirect_uri_key}}={{ {{redirect_uri_value}} | urlEncoder}}&{{state_key}}={{state_value}}"
                    access_token_url: "https://auth.host.com/oauth2/token?{{client_id_key}}={{client_id_value}}&{{auth_code_key}}={{auth_code_value}}"
            streams:
            {{{Stream}}}
            """);

        Assert.False(loaded.HasErrors, Problems(loaded));
        Assert.DoesNotContain(loaded.Problems, p => p.Path.StartsWith("spec", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_DuplicateKey_KeepsTheLastValueWithAWarning()
    {
        // PyYAML keeps the last value of a repeated key, so the reference reads this requester as a POST.
        var loaded = LoadWithRequester("""
            type: HttpRequester
            url: "https://api.example.com/items"
            http_method: GET
            http_method: POST
            """);

        Assert.False(loaded.HasErrors, Problems(loaded));
        var warning = Assert.Single(loaded.Problems);
        Assert.Equal((ManifestErrorKind.DuplicateKey, ManifestSeverity.Warning, 13, 9), (warning.Kind, warning.Severity, warning.Position.Line, warning.Position.Column));
        Assert.Contains("duplicate key 'http_method' (already defined at line 12); the last value is used", warning.Message);
        var stream = (ManifestMap)((ManifestList)((ManifestMap)loaded.Document.Resolved!)["streams"]!).Items[0];
        var requester = (ManifestMap)((ManifestMap)stream["retriever"]!)["requester"]!;
        Assert.Equal("POST", requester.GetText("http_method"));
        Assert.Equal(["type", "url", "http_method"], requester.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Load_RequesterWithNoUrlUrlBaseOrPath_IsReportedAtItsPositionEvenInAStreamThatCannotRun()
    {
        // The second stream uses a custom component, so it is never built: the missing URL is still reported.
        var loaded = Load("""
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [a] }
            streams:
              - type: DeclarativeStream
                name: a
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, http_method: GET }
                  record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
              - type: DeclarativeStream
                name: b
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, url: "" }
                  record_selector: { type: RecordSelector, extractor: { type: CustomRecordExtractor, class_name: x.Y } }
            """);

        Assert.Equal(
            [
                "manifest.yaml:9:18: streams[0].retriever.requester: missing required field 'url' (or 'url_base' or 'path')",
                "manifest.yaml:15:18: streams[1].retriever.requester: missing required field 'url' (or 'url_base' or 'path')",
            ],
            loaded.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_RequesterWithEmptyUrlBaseAndAPathFromTheSlice_Loads()
    {
        // From amazon-ads' download_requester: the path is the full download URL, url_base is empty.
        var loaded = LoadWithRequester("""
            type: HttpRequester
            path: "{{stream_slice.extra_fields['url']}}"
            url_base: ""
            http_method: GET
            """);

        Assert.False(loaded.HasErrors, Problems(loaded));
    }

    [Fact]
    public void Load_RequesterWithOnlyARelativePath_IsRefused()
    {
        var loaded = LoadWithRequester("type: HttpRequester\npath: /items");

        Assert.Equal("manifest.yaml:10:9: streams[0].retriever.requester.path: path '/items' is relative and there is no url or url_base to join it to",
            Assert.Single(loaded.Errors).ToString());
    }

    [Fact]
    public void Spec_OtherPartsOfTheManifestInvalid_IsStillBuilt()
    {
        var loaded = Load("""
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [items] }
            spec:
              type: Spec
              connection_specification: { type: object, properties: { api_key: { type: string, airbyte_secret: true } } }
            streams:
              - type: DeclarativeStream
                name: items
                retriever: { type: SimpleRetreiver }
            """);

        Assert.True(loaded.HasErrors);
        Assert.NotNull(loaded.Spec);
        Assert.Null(Load(Header("connection_specification: [not, a, schema]")).Spec);
    }

    private static string Header(string spec) => $"version: 6.5.0\ncheck: {{ stream_names: [x] }}\nspec: {{ type: Spec, {spec} }}\nstreams: []\n";
}
