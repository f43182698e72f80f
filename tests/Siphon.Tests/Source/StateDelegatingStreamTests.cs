using Microsoft.AspNetCore.Http;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Source;

/// <summary>
/// A StateDelegatingStream reads its full-refresh stream on the first sync and its incremental stream once state
/// exists. No catalogue connector in ../shared uses it yet; the manifest follows the reference schema's example of an
/// API whose incremental endpoint (events) keeps only recent data.
/// </summary>
public sealed class StateDelegatingStreamTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private string Manifest(string retention = "") => $$$"""
        streams:
          - type: StateDelegatingStream
            name: customers
        {{{retention}}}
            full_refresh_stream:
              type: DeclarativeStream
              name: customers
              primary_key: id
              retriever:
                requester: { url: "{{{server.BaseUrl}}}/customers" }
                record_selector: { extractor: { field_path: [data] } }
              incremental_sync: &cursor
                type: DatetimeBasedCursor
                cursor_field: updated
                datetime_format: "%Y-%m-%dT%H:%M:%SZ"
                start_datetime: "2024-01-01T00:00:00Z"
            incremental_stream:
              type: DeclarativeStream
              name: customers
              primary_key: id
              retriever:
                requester: { url: "{{{server.BaseUrl}}}/events" }
                record_selector: { extractor: { field_path: [data] } }
              incremental_sync:
                <<: *cursor
                start_time_option: { type: RequestOption, inject_into: request_parameter, field_name: since }
        """;

    private void Serve() => server.Reset(context =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(context.Request.Path == "/customers"
            ? """{"data": [{"id": 1, "updated": "2024-01-02T00:00:00Z"}, {"id": 2, "updated": "2024-01-05T00:00:00Z"}]}"""
            : """{"data": [{"id": 2, "updated": "2024-01-09T00:00:00Z"}]}""");
    });

    [Fact]
    public async Task Read_NoState_ReadsTheFullRefreshStreamAndEmitsItsState()
    {
        Serve();
        var connector = Load(Manifest());

        var output = await ReadAsync(connector);

        Assert.Equal(["1", "2"], output.Records("customers").Field("id"));
        Assert.Equal(["/customers"], server.Requests.Select(r => r.Path));
        // The state is the newest cursor value the full refresh read, as the reference's cursor keeps it.
        Assert.Equal("""{"updated":"2024-01-05T00:00:00Z"}""", JsonValues.ToJson(output.LastState("customers")));
    }

    [Fact]
    public async Task Read_WithState_ReadsTheIncrementalStreamFromTheCursor()
    {
        Serve();
        var connector = Load(Manifest());

        var output = await ReadAsync(connector, states: new() { ["customers"] = Json("""{"updated": "2024-01-05T00:00:00Z"}""") });

        Assert.Equal(["2"], output.Records("customers").Field("id"));
        Assert.Equal(["/events?since=2024-01-05T00%3A00%3A00Z"], server.Requests.Select(r => r.Path + r.Query));
        // The state is the newest cursor value read, as the reference's cursor keeps it.
        Assert.Equal("""{"updated":"2024-01-09T00:00:00Z"}""", JsonValues.ToJson(output.LastState("customers")));
    }

    [Fact]
    public async Task Read_StateOlderThanTheRetentionPeriod_FallsBackToTheFullRefreshStream()
    {
        Serve();
        var connector = Load(Manifest("    api_retention_period: P3D"));

        await ReadAsync(connector, states: new() { ["customers"] = Json("""{"updated": "2024-01-05T00:00:00Z"}""") });
        await ReadAsync(connector, states: new() { ["customers"] = Json("""{"updated": "2024-01-08T00:00:00Z"}""") });

        Assert.Equal(["/customers", "/events"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public void Load_StateDelegatingStream_IsOneIncrementalStreamInTheCatalog()
    {
        var stream = Assert.Single(Load(Manifest()).Streams);

        Assert.Equal("customers", stream.Name);
        Assert.Equal("updated", stream.CursorField);
        Assert.Equal([["id"]], stream.PrimaryKey);
    }

    [Fact]
    public void Load_InnerStreamWithAnotherName_IsAnErrorAtItsPosition()
    {
        var loaded = ConnectorLoader.Parse("m.yaml", "version: 6.5.0\ntype: DeclarativeSource\ncheck: { stream_names: [customers] }\n"
            + Manifest().Replace("      name: customers\n      primary_key: id\n      retriever:\n        requester: { url: \"" + server.BaseUrl + "/events",
                "      name: events\n      primary_key: id\n      retriever:\n        requester: { url: \"" + server.BaseUrl + "/events"));

        var error = Assert.Single(loaded.Errors);
        Assert.Equal("streams[0].incremental_stream", error.Path);
        Assert.Contains("must have the same name", error.Message);
    }
}
