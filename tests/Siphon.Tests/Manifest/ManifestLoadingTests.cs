using Siphon.Components;
using Siphon.Manifest;
using Siphon.Source;
using Siphon.Tests.Support;

namespace Siphon.Tests.Manifest;

public sealed class ManifestLoadingTests
{
    private static ManifestMap Resolve(string yaml)
    {
        var document = ManifestDocument.Parse("m.yaml", yaml);
        Assert.Empty(document.Errors);
        return Assert.IsType<ManifestMap>(document.Resolved);
    }

    private static string Json(ManifestNode? node) => Siphon.Values.JsonValues.ToJson(node?.ToValue());

    [Fact]
    public void Resolve_RefWithSiblings_SiblingsOverrideShallowly()
    {
        var root = Resolve("""
            definitions:
              base: { a: 1, b: { x: 1 }, c: 3 }
            use: { $ref: "#/definitions/base", b: { y: 2 }, d: 4 }
            """);

        Assert.Equal("""{"a":1,"c":3,"b":{"y":2},"d":4}""", Json(root["use"]));
    }

    [Fact]
    public void Resolve_RefIntoList_TakesTheIndexedItem()
    {
        var root = Resolve("""
            streams: [ { name: first }, { name: second } ]
            parent: { $ref: "#/streams/1" }
            """);

        Assert.Equal("""{"name":"second"}""", Json(root["parent"]));
    }

    [Fact]
    public void Resolve_ChainedAndNestedReferences_ResolveTransitively()
    {
        var root = Resolve("""
            definitions:
              a: { $ref: "#/definitions/b", from: a }
              b: { inner: { $ref: "#/definitions/c" }, from: b }
              c: { leaf: true }
            use: "#/definitions/a"
            """);

        Assert.Equal("""{"inner":{"leaf":true},"from":"a"}""", Json(root["use"]));
    }

    [Fact]
    public void Resolve_BareStringReference_IsReplacedByItsTarget()
    {
        var root = Resolve("""
            definitions: { auth: { type: BearerAuthenticator } }
            authenticator: "#/definitions/auth"
            """);

        Assert.Equal("""{"type":"BearerAuthenticator"}""", Json(root["authenticator"]));
    }

    [Fact]
    public void Resolve_RefToAList_ReplacesTheNodeAndDropsSiblings()
    {
        var root = Resolve("""
            definitions: { fields: [a, b] }
            use: { $ref: "#/definitions/fields", ignored: 1 }
            """);

        Assert.Equal("""["a","b"]""", Json(root["use"]));
    }

    [Fact]
    public void Resolve_JsonPointerEscapes_AreDecoded()
    {
        var root = Resolve("""
            definitions: { "a/b": { ok: 1 } }
            use: "#/definitions/a~1b"
            """);

        Assert.Equal("""{"ok":1}""", Json(root["use"]));
    }

    [Fact]
    public void Resolve_ReferencedNodes_KeepTheirOwnPositions()
    {
        var root = Resolve("""
            definitions:
              thing: { x: 1 }
            use: "#/definitions/thing"
            """);

        Assert.Equal(2, ((ManifestMap)root["use"]!)["x"]!.Position.Line);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("off", false)]
    [InlineData("~", null)]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("0x1F", 31L)]
    [InlineData("010", 8L)]
    [InlineData("1_000", 1000L)]
    [InlineData("1.5", 1.5)]
    [InlineData("1e5", "1e5")]
    [InlineData("1.0e+5", 100000.0)]
    [InlineData("2024-01-01", "2024-01-01")]
    [InlineData("P30D", "P30D")]
    [InlineData("'5'", "5")]
    [InlineData("\"true\"", "true")]
    public void Parse_Scalars_AreTypedAsPyYamlTypesThem(string text, object? expected)
    {
        var root = Resolve("value: " + text);

        Assert.Equal(expected, ((ManifestScalar)root["value"]!).Value);
    }

    [Fact]
    public void Parse_AnchorsAliasesAndMergeKeys_AreExpanded()
    {
        var root = Resolve("""
            base: &base { a: 1, b: 2 }
            copy: *base
            merged: { <<: *base, b: 3 }
            """);

        Assert.Equal("""{"a":1,"b":2}""", Json(root["copy"]));
        Assert.Equal("""{"b":3,"a":1}""", Json(root["merged"]));
    }

    [Fact]
    public void Parse_BlockScalarWithBackslashT_KeepsTheTwoCharacters()
    {
        var root = Resolve("delimiter: \\t\n");

        Assert.Equal("\\t", ((ManifestScalar)root["delimiter"]!).Value);
    }

    private const string Header = "version: 6.5.0\ncheck: { stream_names: [items] }\n";

    [Fact]
    public void Validate_Parameters_FlowToChildrenAndFillMissingFields()
    {
        var loaded = ConnectorLoader.Parse("m.yaml", Header + """
            streams:
              - $parameters: { name: items, url: "https://a.example/items" }
                retriever: { type: TestRetriever, requester: { } }
            """, TestComponents.Registry);

        Assert.False(loaded.HasErrors, string.Join(" | ", loaded.Problems));
        var stream = Assert.Single(loaded.Definition!.Streams);
        Assert.Equal("items", stream.Name);
        var retriever = Assert.IsType<TestComponents.TestRetrieverResult>(stream.Retriever);
        Assert.Equal("https://a.example/items", retriever.Requester.Url);
        Assert.Equal("items", retriever.Requester.Name);
    }

    [Fact]
    public void Validate_ChildParameters_WinOverTheParents()
    {
        var loaded = ConnectorLoader.Parse("m.yaml", Header + """
            streams:
              - $parameters: { name: items, url: parent }
                retriever: { type: TestRetriever, requester: { $parameters: { url: child } } }
            """, TestComponents.Registry);

        var retriever = Assert.IsType<TestComponents.TestRetrieverResult>(Assert.Single(loaded.Definition!.Streams).Retriever);
        Assert.Equal("child", retriever.Requester.Url);
    }

    [Fact]
    public void Validate_OwnValue_WinsOverParameters_UnlessFalsy()
    {
        var loaded = ConnectorLoader.Parse("m.yaml", Header + """
            streams:
              - $parameters: { name: from_parameters, url: p }
                name: ""
                retriever: { type: TestRetriever, requester: { url: own } }
            """, TestComponents.Registry);

        var stream = Assert.Single(loaded.Definition!.Streams);
        Assert.Equal("from_parameters", stream.Name); // the reference writes `own or parameter`
        Assert.Equal("own", Assert.IsType<TestComponents.TestRetrieverResult>(stream.Retriever).Requester.Url);
    }

    [Fact]
    public void Validate_ParametersVisibleToTemplates_IncludeInheritedOnes()
    {
        var document = ManifestDocument.Parse("m.yaml", Header + """
            streams:
              - $parameters: { resource: companies }
                retriever: { type: TestRetriever, requester: { url: u, $parameters: { page: 2 } } }
            """);
        var result = ManifestValidator.Validate(document, TestComponents.Registry);

        var requester = result.Root!.Descendants().Single(c => c.Spec.Type == "TestRequester");
        Assert.Equal("""{"resource":"companies","page":2}""", Siphon.Values.JsonValues.ToJson(requester.ParameterValues()));
    }

    [Fact]
    public void Validate_TypeLeftOut_IsImpliedFromThePosition()
    {
        var document = ManifestDocument.Parse("m.yaml", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u } }\n");
        var result = ManifestValidator.Validate(document, TestComponents.Registry);

        Assert.True(result.IsValid, string.Join(" | ", result.Problems));
        Assert.Equal(["CheckStream", "DeclarativeStream", "TestRequester", "TestRetriever"],
            result.Root!.Descendants().Select(c => c.Spec.Type).Order());
    }

    [Fact]
    public void Validate_StreamKinds_AreReadFromTheRetrieverType()
    {
        var document = ManifestDocument.Parse("m.yaml", Header + """
            streams:
              - name: a
                retriever:
                  type: AsyncRetriever
                  creation_requester: { url: "https://a.example/jobs", http_method: POST }
                  polling_requester: { url: "https://a.example/jobs/{{ creation_response.id }}" }
                  download_requester: { url: "{{ download_target }}" }
                  status_extractor: { field_path: [status] }
                  status_mapping: { running: [r], completed: [c], failed: [f], timeout: [] }
                  record_selector: { extractor: { field_path: [] } }
              - { name: b, retriever: { type: SimpleRetriever, requester: { url: "https://example.com" }, record_selector: { extractor: { field_path: [] } } } }
              - { name: c }
            """);

        var kinds = ((ManifestList)((ManifestMap)document.Resolved!)["streams"]!).Items.Cast<ManifestMap>().Select(DeclarativeStream.KindOf);

        Assert.Equal([StreamKind.Asynchronous, StreamKind.Synchronous, StreamKind.Synchronous], kinds);
    }
}
