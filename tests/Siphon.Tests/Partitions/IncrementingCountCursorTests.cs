using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Partitions;

/// <summary>
/// IncrementingCountCursor: an id that only grows is the bookmark. No catalogue connector in ../shared uses it; the
/// manifest follows the reference schema's description (an API listing records after a given id, in ascending order).
/// </summary>
public sealed class IncrementingCountCursorTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly int[] Ids = [3, 5, 8, 13];

    private string Manifest => $$$"""
        streams:
          - type: DeclarativeStream
            name: tickets
            primary_key: id
            retriever:
              requester: { url: "{{{server.BaseUrl}}}/tickets" }
              record_selector: { extractor: { field_path: [tickets] } }
            incremental_sync:
              type: IncrementingCountCursor
              cursor_field: id
              start_value: "{{ config['first_id'] }}"
              start_value_option: { type: RequestOption, inject_into: request_parameter, field_name: after_id }
        """;

    private void Serve() => server.Reset(context =>
    {
        var after = long.Parse(context.Request.Query["after_id"]!);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"tickets": [{{string.Join(",", Ids.Where(i => i > after).Select(i => $$"""{"id": {{i}}}"""))}}]}""");
    });

    [Fact]
    public async Task Read_NoState_StartsAtStartValueAndSavesTheHighestId()
    {
        Serve();
        var connector = Load(Manifest);

        var output = await ReadAsync(connector, """{"first_id": 4}""");

        Assert.Equal(["5", "8", "13"], output.Records().Field("id"));
        Assert.Equal(["?after_id=4"], server.Requests.Select(r => r.Query));
        Assert.Equal("""{"id":13}""", JsonValues.ToJson(output.LastState("tickets")));
        Assert.Equal("id", Assert.Single(connector.Streams).CursorField);
    }

    [Fact]
    public async Task Read_WithState_StartsAfterTheSavedIdAndKeepsItWhenNothingIsNew()
    {
        Serve();
        var connector = Load(Manifest);

        var output = await ReadAsync(connector, """{"first_id": 0}""", new() { ["tickets"] = Json("""{"id": 13}""") });

        Assert.Empty(output.Records());
        Assert.Equal(["?after_id=13"], server.Requests.Select(r => r.Query));
        Assert.Equal("""{"id":13}""", JsonValues.ToJson(output.LastState("tickets")));
    }
}
