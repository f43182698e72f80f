using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Http;

/// <summary>
/// QueryProperties, PropertiesFromEndpoint, PropertyChunking and GroupByKeyMergeStrategy, as the reference runs them
/// (HubSpot's CRM search is the usual shape): the properties are read once, each page is requested once per chunk
/// with the same page token, and the chunks' records are merged by key.
/// </summary>
public sealed class QueryPropertiesTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    /// <summary>A CRM: /properties lists the fields; /contacts returns the requested fields of contacts 1-2, then 3 (page p2).</summary>
    private void ServeCrm() => server.Reset(context =>
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Path.Value == "/properties")
            return context.Response.WriteAsync("""{"results": [{"name": "email"}, {"name": "phone"}, {"name": "city"}]}""");
        var requested = context.Request.Query["properties"].ToString().Split(',');
        var secondPage = context.Request.Query["after"] == "p2";
        var ids = secondPage ? new[] { 3 } : [1, 2];
        var records = ids.Select(id => "{" + string.Join(", ", requested.Select(p => p == "id" ? $"\"id\": {id}" : $"\"{p}\": \"{p}{id}\"")) + "}");
        return context.Response.WriteAsync($$"""{"results": [{{string.Join(", ", records)}}], "next": {{(secondPage ? "null" : "\"p2\"")}}}""");
    });

    private string Crm(string router = "", string selector = "") => $$$"""
        streams:
          - type: DeclarativeStream
            name: items
            primary_key: [id]
            retriever:
              type: SimpleRetriever
              {{{router}}}
              requester:
                type: HttpRequester
                url: "{{{server.BaseUrl}}}/contacts"
                request_parameters:
                  archived: "false"
                  properties:
                    type: QueryProperties
                    property_list:
                      type: PropertiesFromEndpoint
                      property_field_path: [name]
                      retriever:
                        type: SimpleRetriever
                        requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/properties" }
                        record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [results] } }
                    always_include_properties: [id]
                    property_chunking:
                      type: PropertyChunking
                      property_limit_type: property_count
                      property_limit: 2
                      record_merge_strategy: { type: GroupByKeyMergeStrategy, key: id }
                    {{{selector}}}
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [results] } }
              paginator:
                type: DefaultPaginator
                pagination_strategy: { type: CursorPagination, cursor_value: "{{ response.next }}", stop_condition: "{{ not response.next }}" }
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: after }
        """;

    [Fact]
    public async Task Read_PropertiesFromEndpointInChunks_RequestsEachPageOncePerChunkAndMergesTheRecordsById()
    {
        ServeCrm();

        var output = await ReadAsync(Load(Crm()));

        Assert.Equal([
            """{"id":1,"email":"email1","phone":"phone1","city":"city1"}""",
            """{"id":2,"email":"email2","phone":"phone2","city":"city2"}""",
            """{"id":3,"email":"email3","phone":"phone3","city":"city3"}""",
        ], output.Records().Select(r => Siphon.Values.JsonValues.ToJson(r)));
        Assert.Equal([
            "/properties",
            "/contacts?archived=false&properties=id%2Cemail%2Cphone",
            "/contacts?archived=false&properties=id%2Ccity",
            "/contacts?archived=false&after=p2&properties=id%2Cemail%2Cphone",
            "/contacts?archived=false&after=p2&properties=id%2Ccity",
        ], server.Requests.Select(r => r.Path + r.Query));
    }

    [Fact]
    public async Task Read_TwoPartitionsReadConcurrently_ReadsThePropertiesOnce()
    {
        ServeCrm();
        const string router = "partition_router: { type: ListPartitionRouter, cursor_field: region, values: [eu, us], request_option: { type: RequestOption, inject_into: request_parameter, field_name: region } }";

        var output = await ReadAsync(Load(Crm(router: router)), concurrency: 2);

        Assert.Equal(6, output.Records().Count());
        Assert.Single(server.Requests, r => r.Path == "/properties");
        Assert.Equal(8, server.Requests.Count(r => r.Path == "/contacts"));
    }

    [Fact]
    public async Task Read_CharacterLimitInQueryPropertiesField_ChunksByLengthAndShowsTheChunkInExtraFields()
    {
        // Without the merge key the record is emitted as it is, one per chunk.
        server.ServeJson(context => $$"""{"results": [{"key": "k1", "fields": "{{string.Join('+', context.Request.Query["fields"].ToString().Split(' '))}}"}]}""");
        var manifest = TestManifests.ItemsStream($"{server.BaseUrl}/report", fieldPath: "[results]", requester: """
            request_parameters:
              fields: "{{ stream_partition.extra_fields['query_properties'] | join(' ') }}"
            query_properties:
              type: QueryProperties
              property_list: [alpha, beta, gamma, delta]
              property_chunking:
                type: PropertyChunking
                property_limit_type: characters
                property_limit: 16
            """);

        var output = await ReadAsync(Load(manifest));

        // alpha (5+3) + beta (4+3) = 15 fits in 16; gamma (5+3) + delta (5+3) = 16 fits too.
        Assert.Equal(["alpha+beta", "gamma+delta"], output.Records().Field("fields"));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Read_RecordsOfEachChunkFiltered_MergesOnlyTheKeptParts()
    {
        ServeCrm();
        var output = await ReadAsync(Load(Crm().Replace(
            "record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [results] } }\n      paginator",
            "record_selector:\n        type: RecordSelector\n        extractor: { type: DpathExtractor, field_path: [results] }\n        record_filter: { condition: \"{{ record.get('city') != 'city2' }}\" }\n      paginator")));

        Assert.Equal(["city1", "", "city3"], output.Records().Field("city"));
        Assert.Equal(["phone1", "phone2", "phone3"], output.Records().Field("phone"));
    }

    [Fact]
    public async Task Read_PropertySelectorWithConfiguredSchema_RequestsOnlyTheSelectedProperties()
    {
        ServeCrm();
        var connector = Load(Crm(selector: "property_selector: { type: JsonSchemaPropertySelector, transformations: [{ type: RemoveFields, field_pointers: [[phone]] }] }"));
        var output = new Siphon.Tests.Runs.CollectingOutput();
        using var session = new Siphon.Http.HttpSession();
        var request = new Siphon.Runs.StreamReadRequest("items") { ConfiguredSchema = Json("""{"properties": {"id": {}, "email": {}, "phone": {}}}""") };

        var summary = await new Siphon.Runs.SourceReader(connector, session).ReadAsync(Json("{}"), [request], output, CancellationToken.None);

        Assert.True(summary.Succeeded);
        Assert.Equal(["email1", "email2", "email3"], output.Records().Field("email"));
        Assert.Equal(["/contacts?archived=false&properties=id%2Cemail", "/contacts?archived=false&after=p2&properties=id%2Cemail"],
            server.Requests.Where(r => r.Path == "/contacts").Select(r => r.Path + r.Query));
    }

    [Fact]
    public async Task Read_PropertySelectorWithoutCatalog_RequestsEveryProperty()
    {
        ServeCrm();

        await ReadAsync(Load(Crm(selector: "property_selector: { type: JsonSchemaPropertySelector }")));

        Assert.Equal(4, server.Requests.Count(r => r.Path == "/contacts"));
    }

    [Fact]
    public void Load_TwoQueryPropertiesInRequestParameters_FailsNamingTheSecond()
    {
        var loaded = Siphon.Source.ConnectorLoader.Parse("m.yaml", "version: 6.5.0\ntype: DeclarativeSource\ncheck: { stream_names: [items] }\n" +
            TestManifests.ItemsStream($"{server.BaseUrl}/report", requester: """
                request_parameters:
                  a: { type: QueryProperties, property_list: [x] }
                  b: { type: QueryProperties, property_list: [y] }
                """));

        var error = Assert.Single(loaded.Errors);
        Assert.Contains("request_parameters only supports defining one QueryProperties field, but found 2 usages", error.Message);
        Assert.Contains("request_parameters.b", error.ToString());
    }
}
