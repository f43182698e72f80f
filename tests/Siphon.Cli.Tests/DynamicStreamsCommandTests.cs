using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

/// <summary>
/// A manifest whose streams come from dynamic_streams (trimmed from the catalogue's source-google-sheets: one stream
/// per sheet of a spreadsheet), run the way the platform runs it: discover lists the generated streams, read reads them,
/// check reads the first one (CheckDynamicStream).
/// </summary>
public sealed class DynamicStreamsCommandTests() : LoopbackCommandTest("siphon-dynamic-")
{
    public override Task InitializeAsync()
    {
        Server.ServeJson(context => context.Request.Path.Value == "/v4/spreadsheets/book1"
            ? """{"sheets": [{"properties": {"title": "Orders"}}, {"properties": {"title": "Refunds"}}]}"""
            : $$"""{"values": [{"id": 1, "sheet": "{{context.Request.Path.Value!.Split('/')[^1]}}"}, {"id": 2, "sheet": "{{context.Request.Path.Value!.Split('/')[^1]}}"}]}""");
        return Task.CompletedTask;
    }

    private const string Manifest = """
        version: 6.44.0
        type: DeclarativeSource
        check: { type: CheckDynamicStream, stream_count: 1 }
        definitions:
          base_requester:
            type: HttpRequester
            url_base: https://sheets.googleapis.com/v4/spreadsheets/
            authenticator: { type: BearerAuthenticator, api_token: "{{ config['token'] }}" }
        dynamic_streams:
          - type: DynamicDeclarativeStream
            use_parent_parameters: false
            stream_template:
              type: DeclarativeStream
              name: ""
              primary_key: [id]
              retriever:
                type: SimpleRetriever
                requester:
                  $ref: "#/definitions/base_requester"
                  $parameters:
                    sheet_id: ""
                  path: "{{ config['spreadsheet_id'] }}/values/{{ parameters['sheet_id'] }}"
                record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [values] } }
            components_resolver:
              type: HttpComponentsResolver
              retriever:
                type: SimpleRetriever
                requester:
                  $ref: "#/definitions/base_requester"
                  path: "{{ config['spreadsheet_id'] }}"
                record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [sheets, "*", properties] } }
              components_mapping:
                - type: ComponentMappingDefinition
                  field_path: [name]
                  value: "{{ components_values['title'] }}"
                  value_type: string
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, $parameters, sheet_id]
                  value: "{{ components_values['title'] }}"
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [spreadsheet_id, token]
            properties:
              spreadsheet_id: { type: string }
              token: { type: string, airbyte_secret: true }
        """;

    private Task<SiphonProcess.Result> RunAsync(string command) =>
        SiphonProcess.RunAsync(command, "--manifest", Dir.Write("manifest.yaml", Manifest), "--config", Dir.Write("config.json", """{"spreadsheet_id": "book1", "token": "sheet-token"}"""),
            "--map-url", $"https://sheets.googleapis.com/={Server.BaseUrl}/");

    [Fact]
    public async Task Discover_DynamicStreams_ListsOneStreamPerSheet()
    {
        var result = await RunAsync("discover");

        Assert.Equal(0, result.ExitCode);
        var catalog = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "CATALOG");
        Assert.Equal(["Orders", "Refunds"], catalog["catalog"]!["streams"]!.AsArray().Select(s => (string?)s!["name"]));
        Assert.Equal("""[["id"]]""", catalog["catalog"]!["streams"]![0]!["source_defined_primary_key"]!.ToJsonString());
        Assert.All(Server.Requests, r => Assert.Equal("Bearer sheet-token", r.Header("Authorization")));
    }

    [Fact]
    public async Task Read_DynamicStreams_ReadsEverySheet()
    {
        var result = await RunAsync("read");

        Assert.Equal(0, result.ExitCode);
        var records = ProtocolSchema.ValidMessages(result.StandardOutput).Where(m => (string?)m["type"] == "RECORD")
            .Select(m => $"{m["record"]!["stream"]}:{m["record"]!["data"]!["id"]}:{m["record"]!["data"]!["sheet"]}");
        Assert.Equal(["Orders:1:Orders", "Orders:2:Orders", "Refunds:1:Refunds", "Refunds:2:Refunds"], records);
        Assert.DoesNotContain("sheet-token", result.StandardOutput);
    }

    [Fact]
    public async Task Check_CheckDynamicStream_ReadsTheFirstGeneratedStream()
    {
        var result = await RunAsync("check");

        Assert.Equal("SUCCEEDED", (string?)Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "CONNECTION_STATUS")["connectionStatus"]!["status"]);
        Assert.Equal(["/v4/spreadsheets/book1", "/v4/spreadsheets/book1/values/Orders"], Server.Requests.Select(r => r.Path));
    }
}
