using Siphon.Manifest;
using Siphon.Source;
using Siphon.Tests.Support;

namespace Siphon.Tests.Manifest;

/// <summary>
/// Each broken manifest must be reported at the right line and column, with the right field path and kind.
/// Manifests are written with a header (lines 1-3) so positions below read naturally.
/// </summary>
public sealed class BrokenManifestTests
{
    private const string Header = "version: 6.5.0\ntype: DeclarativeSource\ncheck: { type: CheckStream, stream_names: [items] }\n";

    /// <summary>An asynchronous stream (lines 4-10) whose retriever's next field is at line 11, column 7.</summary>
    private const string AsyncStream = "streams:\n  - name: items\n    retriever:\n      type: AsyncRetriever\n      creation_requester: { url: u }\n      download_requester: { url: u }\n      record_selector: { extractor: { field_path: [] } }\n";

    public static TheoryData<string, string, int, int, string, ManifestErrorKind, string> Cases => new()
    {
        // name, manifest, line, column, path, kind, message fragment
        { "unclosed quote", Header + "streams: [\"items]\n", 4, 11, "", ManifestErrorKind.Syntax, "invalid YAML" },
        { "tab indentation", Header + "streams:\n\t- name: items\n", 5, 1, "", ManifestErrorKind.Syntax, "tab character" },
        { "bad indentation", Header + "streams:\n  - name: a\n   retriever: x\n", 6, 4, "", ManifestErrorKind.Syntax, "invalid YAML" },
        { "unknown alias", Header + "streams: *nothing\n", 4, 10, "", ManifestErrorKind.Syntax, "alias" },
        { "empty manifest", "", 1, 1, "", ManifestErrorKind.Syntax, "empty" },
        { "dangling $ref", Header + "streams:\n  - $ref: \"#/definitions/missing\"\n", 5, 11, "", ManifestErrorKind.DanglingReference, "'#/definitions/missing' points to nothing: '#' has no 'definitions'" },
        { "dangling $ref with hint", Header + "definitions:\n  stream: {name: a}\nstreams:\n  - $ref: \"#/definitions/streem\"\n", 7, 11, "", ManifestErrorKind.DanglingReference, "did you mean 'stream'" },
        { "dangling bare reference", Header + "definitions: {}\nstreams:\n  - \"#/definitions/nope\"\n", 6, 5, "", ManifestErrorKind.DanglingReference, "has no 'nope'" },
        { "reference past the end of a list", Header + "streams:\n  - $ref: \"#/streams/5\"\n", 5, 11, "", ManifestErrorKind.DanglingReference, "'#/streams' has no '5'" },
        { "cyclic $ref", Header + "definitions:\n  a: { $ref: \"#/definitions/b\" }\n  b: { $ref: \"#/definitions/a\" }\nstreams: [{ $ref: \"#/definitions/a\" }]\n", 5, 14, "", ManifestErrorKind.CircularReference, "circular reference: #/definitions/b -> #/definitions/a -> #/definitions/b" },
        { "self reference", Header + "definitions:\n  a: { x: \"#/definitions/a\" }\nstreams: [\"#/definitions/a\"]\n", 5, 11, "", ManifestErrorKind.CircularReference, "circular reference: #/definitions/a -> #/definitions/a" },
        { "$ref not a string", Header + "streams:\n  - $ref: [1]\n", 5, 11, "", ManifestErrorKind.InvalidReference, "'$ref' must be a string" },
        { "missing version", "type: DeclarativeSource\ncheck: { stream_names: [a] }\nstreams: []\n", 1, 1, "", ManifestErrorKind.MissingField, "missing required field 'version'" },
        { "missing streams", Header, 1, 1, "", ManifestErrorKind.MissingField, "missing required field 'streams'" },
        { "missing check", "version: 1\nstreams: []\n", 1, 1, "", ManifestErrorKind.MissingField, "missing required field 'check'" },
        { "streams not a list", Header + "streams: items\n", 4, 10, "streams", ManifestErrorKind.WrongType, "expected a list of components, got a string" },
        { "stream not a mapping", Header + "streams:\n  - items\n", 5, 5, "streams[0]", ManifestErrorKind.WrongType, "expected a stream component (a mapping with a 'type'), got a string" },
        { "stream is a list", Header + "streams:\n  - [a, b]\n", 5, 5, "streams[0]", ManifestErrorKind.WrongType, "got a list" },
        { "missing retriever", Header + "streams:\n  - name: items\n", 5, 5, "streams[0]", ManifestErrorKind.MissingField, "missing required field 'retriever'" },
        { "misspelt type", Header + "streams:\n  - retriever: { type: TestRetreiver }\n", 5, 24, "streams[0].retriever", ManifestErrorKind.UnknownType, "unknown component type 'TestRetreiver' (did you mean 'TestRetriever'" },
        { "misspelt reference type", Header + "streams:\n  - retriever: { type: SimpleRetreiver }\n", 5, 24, "streams[0].retriever", ManifestErrorKind.UnknownType, "'SimpleRetriever'" },
        { "misplaced component", Header + "streams:\n  - retriever: { type: CheckStream, stream_names: [a] }\n", 5, 24, "streams[0].retriever", ManifestErrorKind.MisplacedComponent, "'CheckStream' is a check and cannot be used here, where a retriever is expected (AsyncRetriever, SimpleRetriever, TestRetriever)" },
        { "misplaced at the root", "type: DeclarativeStream\nretriever: {}\n", 1, 7, "", ManifestErrorKind.MisplacedComponent, "where a source is expected" },
        { "missing nested required field", Header + "streams:\n  - retriever:\n      type: TestRetriever\n      requester:\n        http_method: GET\n", 8, 9, "streams[0].retriever.requester", ManifestErrorKind.MissingField, "missing required field 'url'" },
        { "missing required component", Header + "streams:\n  - retriever: { type: TestRetriever }\n", 5, 16, "streams[0].retriever", ManifestErrorKind.MissingField, "missing required field 'requester'" },
        { "invalid enum value", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u, http_method: GETT } }\n", 5, 73, "streams[0].retriever.requester.http_method", ManifestErrorKind.InvalidValue, "'GETT' is not one of GET, POST (did you mean 'GET'?)" },
        { "integer given a list", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u, timeout: [1] } }\n", 5, 69, "streams[0].retriever.requester.timeout", ManifestErrorKind.WrongType, "expected an integer, got a list" },
        { "integer given a float", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u, timeout: 1.5 } }\n", 5, 69, "streams[0].retriever.requester.timeout", ManifestErrorKind.WrongType, "expected an integer, got a number" },
        { "boolean given a mapping", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u, verbose: {a: 1} } }\n", 5, 69, "streams[0].retriever.requester.verbose", ManifestErrorKind.WrongType, "expected a boolean" },
        { "headers given a list", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u, request_headers: [a] } }\n", 5, 77, "streams[0].retriever.requester.request_headers", ManifestErrorKind.WrongType, "expected a mapping of names to values" },
        { "url given a mapping", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: {a: 1} } }\n", 5, 57, "streams[0].retriever.requester.url", ManifestErrorKind.WrongType, "expected a string, got a mapping" },
        { "stream_names not a list", "version: 1\ncheck: { stream_names: items }\nstreams: []\n", 2, 24, "check.stream_names", ManifestErrorKind.WrongType, "expected a list of strings, got a string" },
        { "stream_names item not a string", "version: 1\ncheck: { stream_names: [{a: 1}] }\nstreams: []\n", 2, 25, "check.stream_names[0]", ManifestErrorKind.WrongType, "expected a string, got a mapping" },
        { "$parameters not a mapping", Header + "streams:\n  - $parameters: [1]\n    retriever: { type: TestRetriever, requester: { url: u } }\n", 5, 18, "streams[0].$parameters", ManifestErrorKind.WrongType, "'$parameters' must be a mapping" },
        { "type not a string", Header + "streams:\n  - retriever: { type: [TestRetriever] }\n", 5, 24, "streams[0].retriever", ManifestErrorKind.WrongType, "'type' must be a string" },
        { "component without type and no implied type", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: u, authenticator: { token: x } } }\n", 5, 75, "streams[0].retriever.requester.authenticator", ManifestErrorKind.MissingField, "missing required field 'type'" },
        { "primary key as a mapping", Header + "streams:\n  - primary_key: {id: 1}\n    retriever: { type: TestRetriever, requester: { url: u } }\n", 5, 18, "streams[0].primary_key", ManifestErrorKind.WrongType, "expected a field name, a list of field names, or a list of field paths" },
        { "spec without connection_specification", Header + "spec: { type: Spec, documentation_url: x }\nstreams: []\n", 4, 7, "spec", ManifestErrorKind.MissingField, "missing required field 'connection_specification'" },
        { "concurrency level without default", Header + "concurrency_level: { max_concurrency: 2 }\nstreams: []\n", 4, 20, "concurrency_level", ManifestErrorKind.MissingField, "missing required field 'default_concurrency'" },
        { "template syntax error", Header + "streams:\n  - retriever: { type: TestRetriever, requester: { url: \"{{ config['a' }}\" } }\n", 5, 57, "streams[0].retriever.requester.url", ManifestErrorKind.InvalidTemplate, "template syntax error at line 1, column" },
        { "template syntax error in a header", Header + "streams:\n  - retriever:\n      type: TestRetriever\n      requester:\n        url: u\n        request_headers:\n          X-Id: \"{% if x %}1\"\n", 10, 17, "streams[0].retriever.requester.request_headers.X-Id", ManifestErrorKind.InvalidTemplate, "template syntax error" },
        { "integer below its minimum", "version: 1\ncheck: { type: CheckDynamicStream, stream_count: 0 }\nstreams: []\n", 2, 50, "check.stream_count", ManifestErrorKind.InvalidValue, "'stream_count' is 0, out of range: it must be at least 1" },
        { "integer above its maximum", Header + AsyncStream + "      max_attempts: 101\n", 11, 21, "streams[0].retriever.max_attempts", ManifestErrorKind.InvalidValue, "'max_attempts' is 101, out of range: it must be from 1 to 100" },
        { "job timeout of zero minutes", Header + AsyncStream + "      polling_job_timeout: 0\n", 11, 28, "streams[0].retriever.polling_job_timeout", ManifestErrorKind.InvalidValue, "'polling_job_timeout' is 0, out of range: it must be greater than 0" },
        { "job timeout that is no number", Header + AsyncStream + "      polling_job_timeout: soon\n", 11, 28, "streams[0].retriever.polling_job_timeout", ManifestErrorKind.InvalidValue, "'polling_job_timeout' must be a number or a template over config, got 'soon'" },
        { "error inside a referenced definition points at the definition", Header + "definitions:\n  req:\n    http_method: PUT\n    url: u\nstreams:\n  - retriever: { type: TestRetriever, requester: { $ref: \"#/definitions/req\" } }\n", 6, 18, "streams[0].retriever.requester.http_method", ManifestErrorKind.InvalidValue, "'PUT' is not one of GET, POST" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_BrokenManifest_ReportsPositionPathAndKind(string name, string yaml, int line, int column, string path, ManifestErrorKind kind, string message)
    {
        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        var problem = loaded.Problems.FirstOrDefault(p => p.Kind == kind);
        Assert.True(problem is not null, $"{name}: no {kind} problem among: {string.Join(" | ", loaded.Problems)}");
        Assert.True(loaded.HasErrors, $"{name}: the manifest should not be usable");
        Assert.Equal((line, column, path), (problem.Position.Line, problem.Position.Column, problem.Path));
        Assert.Contains(message, problem.Message);
        Assert.Equal("manifest.yaml", problem.Position.File);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOneInOneRun()
    {
        var yaml = Header + """
            streams:
              - retriever: { type: TestRetreiver }
              - retriever: { type: TestRetriever, requester: { http_method: GOT } }
              - name: third
            """;

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        Assert.Equal(
            [ManifestErrorKind.UnknownType, ManifestErrorKind.MissingField, ManifestErrorKind.InvalidValue, ManifestErrorKind.MissingField],
            loaded.Errors.Select(e => e.Kind));
    }

    [Fact]
    public void Validate_CustomPythonComponent_MarksOnlyItsStreamUnsupported()
    {
        var yaml = Header + """
            streams:
              - name: custom
                retriever: { type: TestRetriever, requester: { url: u, authenticator: { type: CustomAuthenticator, class_name: source_x.components.Auth } } }
              - name: plain
                retriever: { type: TestRetriever, requester: { url: u } }
            """;

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        var problem = Assert.Single(loaded.Problems, p => p.Kind == ManifestErrorKind.CustomComponent);
        Assert.Equal("manifest.yaml:6:75: streams[0].retriever.requester.authenticator: custom Python component 'source_x.components.Auth' cannot run in Siphon", problem.ToString());
        Assert.Equal(ManifestSeverity.Unsupported, problem.Severity);
        Assert.False(loaded.HasErrors, string.Join(" | ", loaded.Problems));
        Assert.False(loaded.Definition!.FindStream("custom")!.IsSupported);
        Assert.True(loaded.Definition.FindStream("plain")!.IsSupported);
    }

    [Fact]
    public void Validate_UnknownField_WarnsWithTheClosestName()
    {
        var yaml = Header + "streams:\n  - name: items\n    primary_kye: id\n    retriever: { type: TestRetriever, requester: { url: u } }\n";

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        var warning = Assert.Single(loaded.Problems);
        Assert.Equal(ManifestSeverity.Warning, warning.Severity);
        Assert.Equal("manifest.yaml:6:5: streams[0]: unknown field 'primary_kye' for DeclarativeStream (did you mean 'primary_key'?); it is ignored", warning.ToString());
        Assert.False(loaded.HasErrors);
    }

    [Fact]
    public void Validate_TemplateReadingAVariableNothingBinds_WarnsAtItsPosition()
    {
        var yaml = Header + "streams:\n  - name: items\n    retriever: { type: TestRetriever, requester: { url: \"{{ confg['base_url'] }}/{% for p in stream_slice %}{{ loop.index }}{{ p }}{% endfor %}\" } }\n";

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        var warning = Assert.Single(loaded.Problems);
        Assert.Equal(ManifestSeverity.Warning, warning.Severity);
        Assert.StartsWith("manifest.yaml:6:57: streams[0].retriever.requester.url: 'confg' is not a variable any template can read, so it is always undefined (a typo?); templates read components_values, config, ", warning.ToString());
        Assert.False(loaded.HasErrors);
    }

    [Fact]
    public void Load_CheckNamingAStreamThatDoesNotExist_WarnsAtTheName()
    {
        var yaml = "version: 6.5.0\ntype: DeclarativeSource\ncheck: { type: CheckStream, stream_names: [items, itmes] }\n"
            + "streams:\n  - name: items\n    retriever: { type: TestRetriever, requester: { url: u } }\n";

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        var warning = Assert.Single(loaded.Problems);
        Assert.Equal(ManifestSeverity.Warning, warning.Severity);
        Assert.Equal("manifest.yaml:3:51: check.stream_names[1]: no stream is named 'itmes', so `check` will fail; streams: items", warning.ToString());
        Assert.False(loaded.HasErrors);
    }

    [Fact]
    public void Validate_JsonFileSchemaLoader_WarnsAndGivesAnOpenSchema()
    {
        var yaml = Header + "streams:\n  - name: items\n    schema_loader: { type: JsonFileSchemaLoader, file_path: ./schemas/a.json }\n    retriever: { type: TestRetriever, requester: { url: u } }\n";

        var loaded = ConnectorLoader.Parse("manifest.yaml", yaml, TestComponents.Registry);

        var warning = Assert.Single(loaded.Problems);
        Assert.Equal(ManifestSeverity.Warning, warning.Severity);
        Assert.StartsWith("manifest.yaml:6:20: streams[0].schema_loader: 'JsonFileSchemaLoader': schema files live in the connector's Python package", warning.ToString());
        var stream = Assert.Single(loaded.Definition!.Streams);
        Assert.True(stream.IsSupported);
        Assert.Equal(true, Assert.IsType<Dictionary<string, object?>>(stream.Schema)["additionalProperties"]);
    }
}
