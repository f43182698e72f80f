using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Source;

/// <summary>
/// dynamic_streams generate streams once the config is known, from an API (HttpComponentsResolver, trimmed from the
/// catalogue's source-google-sheets: one stream per sheet), the config (ConfigComponentsResolver) or parameters written in
/// the manifest (ParametrizedComponentsResolver); the generated streams read like written ones.
/// </summary>
public sealed class DynamicStreamsTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private void Serve() => server.Reset(context =>
    {
        context.Response.ContentType = "application/json";
        var path = context.Request.Path.Value!;
        return context.Response.WriteAsync(path switch
        {
            "/v4/spreadsheets/book1" => """{"sheets": [{"properties": {"title": "Orders", "sheetType": "GRID"}}, {"properties": {"title": "Chart", "sheetType": "OBJECT"}}, {"properties": {"title": "Refund items", "sheetType": "GRID"}}]}""",
            _ => $$"""{"values": [{"row": 1, "path": "{{path}}"}]}""",
        });
    });

    private string Template(string resolver) => $$$"""
        dynamic_streams:
          - type: DynamicDeclarativeStream
            stream_template:
              type: DeclarativeStream
              name: ""
              primary_key: [row]
              retriever:
                type: SimpleRetriever
                requester:
                  type: HttpRequester
                  url_base: "{{{server.BaseUrl}}}/v4/spreadsheets/"
                  path: "{{ config['spreadsheet_id'] }}/values/{{ parameters['sheet_id'] | urlencode }}"
                  $parameters:
                    sheet_id: ""
                record_selector: { extractor: { field_path: [values] } }
            components_resolver:
        {{{resolver}}}
        """;

    private static async Task<ConnectorDefinition> ResolveAsync(ConnectorDefinition connector, string config)
    {
        using var session = new HttpSession(time: new FakeTimeProvider(Now));
        return await DynamicStreamResolution.ResolveAsync(connector, Json(config), session, CancellationToken.None);
    }

    private const string SheetMappings = """
                components_mapping:
                  - type: ComponentMappingDefinition
                    field_path: [name]
                    value: "{{ components_values['properties']['title'] | lower | replace(' ', '_') }}"
                    value_type: string
                  - type: ComponentMappingDefinition
                    field_path: [retriever, requester, $parameters, sheet_id]
                    value: "{{ components_values['properties']['title'] }}"
        """;

    [Fact]
    public async Task Resolve_HttpComponentsResolver_GeneratesOneStreamPerRecordThatReadsItsOwnPath()
    {
        Serve();
        var connector = Load(Template($$$"""
                type: HttpComponentsResolver
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, url_base: "{{{server.BaseUrl}}}/v4/spreadsheets/", path: "{{ config['spreadsheet_id'] }}" }
                  record_selector:
                    extractor: { field_path: [sheets, "*"] }
                    record_filter: { condition: "{{ record['properties']['sheetType'] == 'GRID' }}" }
        {{{SheetMappings}}}
        """).Replace("check: { stream_names: [items] }", ""));

        var resolved = await ResolveAsync(connector, """{"spreadsheet_id": "book1"}""");
        var output = await ReadAsync(resolved, """{"spreadsheet_id": "book1"}""");

        Assert.Equal(["orders", "refund_items"], resolved.Streams.Select(s => s.Name));
        Assert.All(resolved.Streams, s => Assert.True(s.IsSupported));
        Assert.Equal([["row"]], resolved.Streams[0].PrimaryKey);
        Assert.Equal(["/v4/spreadsheets/book1/values/Orders"], output.Records("orders").Field("path"));
        Assert.Equal(["/v4/spreadsheets/book1/values/Refund items"], output.Records("refund_items").Field("path"));
    }

    [Fact]
    public async Task Resolve_WithAStreamLimit_GeneratesAtMostThatManyStreamsPerDefinition()
    {
        Serve();
        var connector = Load(Template($$$"""
                type: HttpComponentsResolver
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, url_base: "{{{server.BaseUrl}}}/v4/spreadsheets/", path: "{{ config['spreadsheet_id'] }}" }
                  record_selector:
                    extractor: { field_path: [sheets, "*"] }
                    record_filter: { condition: "{{ record['properties']['sheetType'] == 'GRID' }}" }
        {{{SheetMappings}}}
        """).Replace("check: { stream_names: [items] }", ""));
        using var session = new HttpSession(time: new FakeTimeProvider(Now));

        var limited = await DynamicStreamResolution.ResolveAsync(connector, Json("""{"spreadsheet_id": "book1"}"""), session, CancellationToken.None, maxStreamsPerDefinition: 1);

        Assert.Equal(["orders"], limited.Streams.Select(s => s.Name));
    }

    [Fact]
    public async Task Resolve_ConfigComponentsResolver_GeneratesOneStreamPerConfigEntryAndDefault()
    {
        Serve();
        var connector = Load(Template("""
                type: ConfigComponentsResolver
                stream_config:
                  type: StreamConfig
                  configs_pointer: [sheets]
                  default_values: [ { title: Summary } ]
                components_mapping:
                  - { type: ComponentMappingDefinition, field_path: [name], value: "{{ components_values['title'] }}" }
                  - { type: ComponentMappingDefinition, field_path: [retriever, requester, $parameters, sheet_id], value: "{{ components_values['title'] }}" }
                  - type: ComponentMappingDefinition
                    field_path: [primary_key]
                    value: "{{ components_values['key'] }}"
                    condition: "{{ 'key' in components_values }}"
        """));

        var resolved = await ResolveAsync(connector, """{"spreadsheet_id": "book1", "sheets": [{"title": "Leads", "key": ["row", "path"]}]}""");
        var output = await ReadAsync(resolved, """{"spreadsheet_id": "book1"}""");

        Assert.Equal(["Leads", "Summary"], resolved.Streams.Select(s => s.Name));
        Assert.Equal([["row"], ["path"]], resolved.Streams[0].PrimaryKey);
        Assert.Equal([["row"]], resolved.Streams[1].PrimaryKey);
        Assert.Equal(["/v4/spreadsheets/book1/values/Summary"], output.Records("Summary").Field("path"));
        Assert.DoesNotContain(server.Requests, r => r.Path == "/v4/spreadsheets/book1");
    }

    [Fact]
    public async Task Resolve_ParametrizedComponentsResolver_CreatesMissingPathsOnlyWithCreateOrUpdate()
    {
        Serve();
        var connector = Load(Template("""
                type: ParametrizedComponentsResolver
                stream_parameters:
                  type: StreamParametersDefinition
                  list_of_parameters_for_stream: [ { name: a, sheet: Alpha }, { name: b, sheet: Beta } ]
                components_mapping:
                  - { type: ComponentMappingDefinition, field_path: [name], value: "{{ components_values.name }}" }
                  - { type: ComponentMappingDefinition, field_path: [retriever, requester, $parameters, sheet_id], value: "{{ components_values.sheet }}" }
                  - { type: ComponentMappingDefinition, field_path: [retriever, requester, request_parameters, tab], value: "{{ components_values.sheet }}" }
                  - { type: ComponentMappingDefinition, field_path: [retriever, requester, request_headers, X-Tab], value: "{{ components_values.sheet }}", create_or_update: true }
        """));

        var resolved = await ResolveAsync(connector, "{}");
        await ReadAsync(resolved, """{"spreadsheet_id": "book1"}""");

        Assert.Equal(["a", "b"], resolved.Streams.Select(s => s.Name));
        var requests = server.Requests.OrderBy(r => r.Path).ToList();
        Assert.Equal(["/v4/spreadsheets/book1/values/Alpha", "/v4/spreadsheets/book1/values/Beta"], requests.Select(r => r.Path + r.Query));
        Assert.Equal(["Alpha", "Beta"], requests.Select(r => r.Header("X-Tab")));
    }

    [Fact]
    public async Task Resolve_ConnectorWithoutDynamicStreams_IsReturnedAsItIs()
    {
        var connector = Load("""
            streams:
              - name: items
                retriever: { requester: { url: "http://127.0.0.1:9/items" }, record_selector: { extractor: { field_path: [] } } }
            """);

        Assert.Same(connector, await ResolveAsync(connector, "{}"));
    }

    [Fact]
    public async Task TestRead_GeneratedStream_CanBePickedAndTested()
    {
        Serve();
        var connector = Load(Template("""
                type: ParametrizedComponentsResolver
                stream_parameters:
                  type: StreamParametersDefinition
                  list_of_parameters_for_stream: [ { name: a, sheet: Alpha }, { name: b, sheet: Beta } ]
                components_mapping:
                  - { type: ComponentMappingDefinition, field_path: [name], value: "{{ components_values.name }}" }
                  - { type: ComponentMappingDefinition, field_path: [retriever, requester, $parameters, sheet_id], value: "{{ components_values.sheet }}" }
        """));

        var outcome = await Siphon.Testing.TestReader.RunAsync(connector, Json("""{"spreadsheet_id": "book1"}"""), new Siphon.Testing.TestReadRequest { Stream = "b" }, null, CancellationToken.None);

        Assert.Equal("completed", outcome.Result.Status);
        Assert.Equal(1, outcome.Result.RecordCount);
        Assert.Equal(["/v4/spreadsheets/book1/values/Beta"], server.Requests.Select(r => r.Path));
    }
}
