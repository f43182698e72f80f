using Siphon.Manifest;
using Siphon.Source;

namespace Siphon.Tests.Source;

/// <summary>
/// Values that validate but cannot be built (a duration that is not ISO-8601, a relative path with nowhere to join
/// it) are reported all at once, each at its position, and stop only the stream they are in.
/// </summary>
public sealed class BuildErrorTests
{
    private const string Manifest = """
        version: 6.5.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [good] }
        streams:
          - type: DeclarativeStream
            name: good
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "http://127.0.0.1:1/items" }
              record_selector: { extractor: { field_path: [] } }
          - type: DeclarativeStream
            name: exports
            retriever:
              type: AsyncRetriever
              creation_requester: { path: exports }
              download_requester: { url: "{{ download_target }}" }
              record_selector: { extractor: { field_path: [] } }
              polling: { initial_interval: soon }
          - type: DeclarativeStream
            name: budgeted
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "http://127.0.0.1:1/b", http_method: GET }
              record_selector: { extractor: { field_path: [] } }
              paginator:
                type: DefaultPaginator
                pagination_strategy: { type: PageIncrement, page_size: 10 }
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
            primary_key: id
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated
              datetime_format: "%Y-%m-%d"
              start_datetime: "2024-01-01"
              step: P1D
              cursor_granularity: P1D
              clamping: { target: YEAR }
        """;

    [Fact]
    public void Load_BuildErrorsInTwoStreams_ReportsEachAtItsPositionAndStopsOnlyThoseStreams()
    {
        var loaded = ConnectorLoader.Parse("manifest.yaml", Manifest);

        var errors = loaded.Errors.Select(e => (e.Position.Line, e.Path)).ToList();
        Assert.Contains((15, "streams[1].retriever.creation_requester.path"), errors);
        Assert.Contains((18, "streams[1].retriever.polling.initial_interval"), errors);
        Assert.Contains((31, "streams[2].incremental_sync"), errors);
        Assert.True(loaded.HasErrors);
        Assert.True(loaded.CanRun, string.Join(" | ", loaded.Problems));
        Assert.Equal(loaded.Errors.Select(e => e.ToString()).Order(), loaded.StreamErrors.Select(e => e.ToString()).Order());

        var streams = loaded.Definition!.Streams.ToDictionary(s => s.Name);
        Assert.True(streams["good"].IsSupported);
        Assert.Contains(streams["exports"].UnsupportedReasons, r => r.Contains("is not an ISO-8601 duration", StringComparison.Ordinal));
        Assert.Contains(streams["exports"].UnsupportedReasons, r => r.Contains("is relative", StringComparison.Ordinal));
        Assert.False(streams["budgeted"].IsSupported);
    }

    [Fact]
    public void Load_BuildErrorOutsideTheStreams_StopsTheConnectorAndStillListsTheStreamsErrors()
    {
        var manifest = Manifest.Replace("check: { type: CheckStream, stream_names: [good] }",
            "check: { type: CheckStream, stream_names: [good] }\napi_budget: { policies: [{ type: FixedWindowCallRatePolicy, period: whenever, call_limit: 1, matchers: [] }] }");

        var loaded = ConnectorLoader.Parse("manifest.yaml", manifest);

        Assert.False(loaded.CanRun);
        Assert.Contains(loaded.Errors, e => e.Path == "api_budget.policies[0].period" && e.Position.Line == 4);
        Assert.Contains(loaded.Errors, e => e.Path == "streams[1].retriever.polling.initial_interval");
        Assert.Contains(loaded.Errors, e => e.Path == "streams[1].retriever.creation_requester.path");
    }
}
