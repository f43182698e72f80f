using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using Siphon.Tests.Runs;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Retrieval;

public sealed class SimpleRetrieverTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private string Stream(string retrieverExtras, string path = "items", string fieldPath = "[data]", string streamExtras = "") => $$"""
        streams:
          - type: DeclarativeStream
            name: items
        {{streamExtras}}
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url_base: "{{server.BaseUrl}}", path: "{{path}}" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: {{fieldPath}} } }
        {{retrieverExtras}}
        """;

    /// <summary>Serves items 1..total: offset/limit or page/per_page from the query, as a JSON envelope.</summary>
    private void ServeItems(int total)
    {
        server.Reset(async context =>
        {
            var q = context.Request.Query;
            var size = int.TryParse(q["limit"], out var l) ? l : int.TryParse(q["per_page"], out var pp) ? pp : total;
            var start = int.TryParse(q["offset"], out var o) ? o : int.TryParse(q["page"], out var p) ? (p - 1) * size : 0;
            var ids = Enumerable.Range(start + 1, Math.Max(0, Math.Min(size, total - start)));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"data\": [" + string.Join(",", ids.Select(i => $"{{\"id\": {i}}}")) + "]}");
        });
    }

    [Fact]
    public async Task Read_NoPagination_OneRequestRecordsTransformed()
    {
        server.Respond((200, """{"data": [{"id": 1}, {"id": 2}], "other": [{"id": 9}]}""", []));
        var connector = Load(Stream("", streamExtras: """
                transformations:
                  - type: AddFields
                    fields: [{ path: [source], value: "{{ config['name'] }}" }]
            """));

        var output = await ReadAsync(connector, """{"name": "siphon"}""");

        Assert.Equal(["1", "2"], output.Records().Field("id"));
        Assert.Equal(["siphon", "siphon"], output.Records().Field("source"));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Read_OffsetIncrement_PagesUntilAShortPage()
    {
        ServeItems(25);
        var connector = Load(Stream("""
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: OffsetIncrement, page_size: 10, inject_on_first_request: true }
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: offset }
                    page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: limit }
            """));

        var output = await ReadAsync(connector);

        Assert.Equal(Enumerable.Range(1, 25).Select(i => i.ToString()), output.Records().Field("id"));
        Assert.Equal(["?offset=0&limit=10", "?offset=10&limit=10", "?offset=20&limit=10"], server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Read_OffsetIncrementWithoutFirstInjection_FirstRequestHasNoOffset()
    {
        ServeItems(10);
        var connector = Load(Stream("""
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: OffsetIncrement, page_size: "{{ config['size'] }}" }
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: offset }
                    page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: limit }
            """));

        var output = await ReadAsync(connector, """{"size": 5}""");

        Assert.Equal(10, output.Records().Count());
        Assert.Equal(["?limit=5", "?offset=5&limit=5", "?offset=10&limit=5"], server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Read_PageIncrement_CountsFromStartPage()
    {
        ServeItems(7);
        var connector = Load(Stream("""
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: PageIncrement, page_size: 3, start_from_page: 1, inject_on_first_request: true }
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
                    page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: per_page }
            """));

        var output = await ReadAsync(connector);

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], output.Records().Field("id"));
        Assert.Equal(["?page=1&per_page=3", "?page=2&per_page=3", "?page=3&per_page=3"], server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Read_CursorPaginationFromBody_FollowsUntilStopCondition()
    {
        server.Reset(async context =>
        {
            var cursor = context.Request.Query["cursor"].ToString();
            var (body, next, more) = cursor switch
            {
                "" => ("[{\"id\": 1}, {\"id\": 2}]", "c2", true),
                "c2" => ("[{\"id\": 3}]", "c3", true),
                _ => ("[{\"id\": 4}]", "c4", false),
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"data\": {body}, \"meta\": {{\"next\": \"{next}\", \"has_more\": {(more ? "true" : "false")}}}}}");
        });
        var connector = Load(Stream("""
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy:
                      type: CursorPagination
                      cursor_value: "{{ response.meta.next }}"
                      stop_condition: "{{ not response.meta.has_more }}"
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: cursor }
            """));

        var output = await ReadAsync(connector);

        Assert.Equal(["1", "2", "3", "4"], output.Records().Field("id"));
        Assert.Equal(["", "?cursor=c2", "?cursor=c3"], server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Read_CursorPaginationFromLinkHeader_RequestsTheNextUrl()
    {
        server.Reset(async context =>
        {
            var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
            if (page < 3) context.Response.Headers["Link"] = $"<{server.BaseUrl}/items?page={page + 1}>; rel=\"next\"";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"[{{\"id\": {page}}}]");
        });
        var connector = Load(Stream("""
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: CursorPagination, cursor_value: "{{ headers['link']['next']['url'] }}", stop_condition: "{{ 'next' not in headers['link'] }}" }
                    page_token_option: { type: RequestPath }
            """, fieldPath: "[]"));

        var output = await ReadAsync(connector);

        Assert.Equal(["1", "2", "3"], output.Records().Field("id"));
        Assert.Equal(["", "?page=2", "?page=3"], server.Requests.Select(r => r.Query));
    }

    [Fact]
    public async Task Read_RecordFilterAndJsonlDecoder_ExtractorSelectsFromEachLine()
    {
        server.Respond((200, "{\"item\": {\"id\": 1, \"ok\": true}}\n{\"item\": {\"id\": 2, \"ok\": false}}\n{\"item\": {\"id\": 3, \"ok\": true}}\n", []));
        var connector = Load("""
            streams:
              - type: DeclarativeStream
                name: items
                retriever:
                  type: SimpleRetriever
                  decoder: { type: JsonlDecoder }
                  requester: { type: HttpRequester, url: "BASE/lines" }
                  record_selector:
                    type: RecordSelector
                    extractor: { type: DpathExtractor, field_path: [item] }
                    record_filter: { condition: "{{ record.ok }}" }
            """.Replace("BASE", server.BaseUrl));

        var output = await ReadAsync(connector);

        Assert.Equal(["1", "3"], output.Records().Field("id"));
    }

    [Fact]
    public async Task Read_IgnoreSlicerParametersOnPaginatedRequests_PartitionOnlyOnFirstPage()
    {
        ServeItems(4);
        var connector = Load(Stream("""
                  ignore_stream_slicer_parameters_on_paginated_requests: true
                  partition_router:
                    type: ListPartitionRouter
                    values: [eu]
                    cursor_field: region
                    request_option: { type: RequestOption, inject_into: request_parameter, field_name: region }
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: OffsetIncrement, page_size: 2 }
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: offset }
                    page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: limit }
            """));

        await ReadAsync(connector);

        Assert.Equal(["?region=eu&limit=2", "?offset=2&limit=2", "?offset=4&limit=2"], server.Requests.Select(r => r.Query));
    }
}
