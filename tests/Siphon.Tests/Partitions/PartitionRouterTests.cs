using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Partitions;

public sealed class PartitionRouterTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    /// <summary>/accounts lists accounts; /accounts/{id}/items lists two items per account; /items echoes the query.</summary>
    private void Serve()
    {
        server.Reset(async context =>
        {
            var path = context.Request.Path.Value!;
            context.Response.ContentType = "application/json";
            if (path == "/accounts")
                await context.Response.WriteAsync("""{"accounts": [{"id": "a1", "owner": {"name": "Ann"}}, {"id": "a2", "owner": {"name": "Bob"}}]}""");
            else if (path.StartsWith("/accounts/", StringComparison.Ordinal))
            {
                var account = path.Split('/')[2];
                await context.Response.WriteAsync($$"""[{"id": "{{account}}-1"}, {"id": "{{account}}-2"}]""");
            }
            else
                await context.Response.WriteAsync($$"""[{"query": "{{context.Request.QueryString.Value}}"}]""");
        });
    }

    private string Child(string router, string path = "items", string extras = "", string requester = "") => $$"""
        streams:
          - type: DeclarativeStream
            name: items
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url_base: "{{server.BaseUrl}}", path: "{{path}}"{{requester}} }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
              partition_router:
        {{router}}
        {{extras}}
        """;

    private const string AccountsStream = """
                      type: DeclarativeStream
                      name: accounts
                      retriever:
                        type: SimpleRetriever
                        requester: { type: HttpRequester, url_base: "BASE", path: accounts }
                        record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [accounts] } }
        """;

    [Fact]
    public async Task Read_ListPartitionRouter_OneSlicePerValueWithRequestOption()
    {
        Serve();
        var connector = Load(Child("""
                    type: ListPartitionRouter
                    values: "{{ config['regions'] }}"
                    cursor_field: region
                    request_option: { type: RequestOption, inject_into: request_parameter, field_name: r }
            """, extras: """
                transformations:
                  - type: AddFields
                    fields: [{ path: [region], value: "{{ stream_partition.region }}" }]
            """));

        var output = await ReadAsync(connector, """{"regions": ["eu", "us"]}""");

        Assert.Equal(["?r=eu", "?r=us"], output.Records().Field("query"));
        Assert.Equal(["eu", "us"], output.Records().Field("region"));
    }

    [Fact]
    public async Task Read_SubstreamPartitionRouter_ParentRecordsBecomePartitionsWithExtraFields()
    {
        Serve();
        var connector = Load(Child($$"""
                    type: SubstreamPartitionRouter
                    parent_stream_configs:
                      - type: ParentStreamConfig
                        parent_key: id
                        partition_field: account_id
                        extra_fields: [[owner, name]]
                        stream:
            {{AccountsStream.Replace("BASE", server.BaseUrl)}}
            """, path: "accounts/{{ stream_partition.account_id }}/items", extras: """
                transformations:
                  - type: AddFields
                    fields:
                      - { path: [account], value: "{{ stream_partition['account_id'] }}" }
                      - { path: [owner], value: "{{ stream_slice.extra_fields['owner.name'] }}" }
                      - { path: [parent], value: "{{ stream_partition.parent_slice | length }}" }
            """));

        var output = await ReadAsync(connector);

        Assert.Equal(["a1-1", "a1-2", "a2-1", "a2-2"], output.Records().Field("id"));
        Assert.Equal(["a1", "a1", "a2", "a2"], output.Records().Field("account"));
        Assert.Equal(["Ann", "Ann", "Bob", "Bob"], output.Records().Field("owner"));
        Assert.Equal(["0", "0", "0", "0"], output.Records().Field("parent"));
    }

    [Fact]
    public async Task Read_GroupingPartitionRouter_BatchesValues()
    {
        Serve();
        var connector = Load(Child("""
                    type: GroupingPartitionRouter
                    group_size: 2
                    underlying_partition_router: { type: ListPartitionRouter, values: [a, b, c, a], cursor_field: id }
            """, requester: ", request_parameters: { ids: \"{{ stream_partition.id | join(',') }}\" }"));

        var output = await ReadAsync(connector);

        Assert.Equal(["?ids=a%2Cb", "?ids=c"], output.Records().Field("query"));
    }

    [Fact]
    public async Task Read_ListOfRouters_ReadsTheCartesianProduct()
    {
        Serve();
        var connector = Load(Child("""
                    - { type: ListPartitionRouter, values: [eu, us], cursor_field: region, request_option: { inject_into: request_parameter, field_name: r } }
                    - { type: ListPartitionRouter, values: [1, 2], cursor_field: n, request_option: { inject_into: request_parameter, field_name: n } }
            """));

        var output = await ReadAsync(connector, concurrency: 1);

        Assert.Equal(["?r=eu&n=1", "?r=eu&n=2", "?r=us&n=1", "?r=us&n=2"], output.Records().Field("query"));
    }

    [Fact]
    public async Task Read_FullRefreshStream_EmitsNoCursorState()
    {
        Serve();
        var connector = Load(Child("        { type: ListPartitionRouter, values: [eu], cursor_field: region }"));

        var output = await ReadAsync(connector);

        Assert.Empty(output.States());
        Assert.Equal(JsonValues.ToJson(new[] { "Started", "Running", "Complete" }), JsonValues.ToJson(output.Statuses.Select(s => (object?)s.Status.ToString()).ToList()));
    }
}
