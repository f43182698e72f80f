using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Siphon.Tests.Http.Support;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Partitions;

/// <summary>
/// States the reference writes, fed to a read: the windows requested prove where it resumes, and the state it then emits
/// has the reference's shape and value. Each fixture's facts (input state, start, now, step, granularity, expected
/// windows) come from the named test of airbytehq/airbyte-python-cdk; epoch-second values, "now" frozen at 50.
/// </summary>
public sealed class ReferenceStateFixtureTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly DateTimeOffset FrozenNow = DateTimeOffset.FromUnixTimeSeconds(50);

    /// <summary>/events answers the records whose created lies in [start_time, end_time], with the account when given.</summary>
    private void Serve(params (string Account, long Created)[] events) => server.Reset(async context =>
    {
        var q = context.Request.Query;
        var start = long.Parse(q["start_time"]!);
        var end = long.Parse(q["end_time"]!);
        string? account = q["account"].Count > 0 ? q["account"].ToString() : null;
        var rows = events.Where(e => e.Created >= start && e.Created <= end && (account is null || e.Account == account));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("[" + string.Join(",", rows.Select(e => $$"""{"id": "{{e.Account}}-{{e.Created}}", "created": {{e.Created}}}""")) + "]");
    });

    private string Manifest(string cursorExtras = "", string retrieverExtras = "") => $$$"""
        streams:
          - type: DeclarativeStream
            name: events
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/events" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
        {{{retrieverExtras}}}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: created
              datetime_format: "%s"
              start_datetime: { type: MinMaxDatetime, datetime: "{{ config['start'] }}", datetime_format: "%s" }
              start_time_option: { type: RequestOption, inject_into: request_parameter, field_name: start_time }
              end_time_option: { type: RequestOption, inject_into: request_parameter, field_name: end_time }
        {{{cursorExtras}}}
        """;

    private const string PartitionedByAccount = """
              partition_router:
                type: ListPartitionRouter
                values: [a, b]
                cursor_field: account
                request_option: { type: RequestOption, inject_into: request_parameter, field_name: account }
        """;

    private async Task<(List<string> Windows, Dictionary<string, object?> State)> ReadAsync(string manifest, long start, string state)
    {
        var output = await Siphon.Tests.Runs.ReadTestKit.ReadAsync(Load(manifest), $$"""{"start": "{{start}}"}""", new() { ["events"] = Json(state) }, new FakeTimeProvider(FrozenNow));
        var windows = server.Requests.Select(r => r.Query).ToList();
        return (windows, output.LastState("events")!);
    }

    [Fact]
    // unit_tests/sources/streams/concurrent/test_cursor.py::test_given_one_slice_when_generate_slices_then_create_slice_from_slice_upper_boundary_to_end
    public async Task Read_DateRangeStateWithOneSlice_ResumesAtTheSliceEndAndWritesTheNewestRecord()
    {
        Serve(("a", 15), ("a", 25), ("a", 40));

        var (windows, state) = await ReadAsync(Manifest(), 0, """{"state_type": "date-range", "slices": [{"start": 0, "end": 20}]}""");

        Assert.Equal(["?start_time=20&end_time=50"], windows);
        Assert.Equal("""{"created":"40"}""", JsonValues.ToJson(state));
    }

    [Fact]
    // unit_tests/sources/streams/concurrent/test_cursor.py::test_given_start_after_slices_when_generate_slices_then_generate_from_start
    public async Task Read_DateRangeStateEndingBeforeTheStart_ReadsFromTheStart()
    {
        Serve();

        var (windows, state) = await ReadAsync(Manifest(), 30, """{"state_type": "date-range", "slices": [{"start": 0, "end": 20}]}""");

        Assert.Equal(["?start_time=30&end_time=50"], windows);
        // No record: the state is where the read started (the start, later than the old state).
        Assert.Equal("""{"created":"30"}""", JsonValues.ToJson(state));
    }

    [Fact]
    // unit_tests/sources/streams/concurrent/test_cursor.py::test_given_small_slice_range_with_granularity_when_generate_slices_then_create_many_slices
    public async Task Read_DateRangeStateWithStepAndGranularity_WindowsMatchTheReference()
    {
        Serve(("a", 33));

        var (windows, state) = await ReadAsync(Manifest("""
                  step: PT10S
                  cursor_granularity: PT1S
            """), 1, """{"state_type": "date-range", "slices": [{"start": 1, "end": 20}]}""");

        Assert.Equal(["?start_time=20&end_time=29", "?start_time=30&end_time=39", "?start_time=40&end_time=50"], windows);
        Assert.Equal("""{"created":"33"}""", JsonValues.ToJson(state));
    }

    [Fact]
    // unit_tests/sources/streams/concurrent/test_cursor.py: intervals touching within one increment merge
    // (AbstractStreamStateConverter.merge_intervals); the first run's most_recent_cursor_value is the sequential value.
    public async Task Read_DateRangeStateWithTouchingSlices_MergesThemAndKeepsTheirNewestRecord()
    {
        Serve();

        var (windows, state) = await ReadAsync(Manifest("""
                  cursor_granularity: PT1S
            """), 0, """{"state_type": "date-range", "slices": [{"start": 0, "end": 10, "most_recent_cursor_value": 8}, {"start": 11, "end": 30, "most_recent_cursor_value": 27}]}""");

        Assert.Equal(["?start_time=30&end_time=50"], windows);
        Assert.Equal("""{"created":"27"}""", JsonValues.ToJson(state));
    }

    [Fact]
    // ConcurrentPerPartitionCursor (airbyte_cdk/sources/declarative/incremental/concurrent_partition_cursor.py): a partition
    // without a state of its own starts lookback_window seconds before the global state (its cursor's state is moved back
    // by it, so b's state is its record, 22); a partition with one resumes at it.
    public async Task Read_PerPartitionStateWithGlobalAndLookback_NewPartitionStartsLookbackBeforeTheGlobalCursor()
    {
        Serve(("a", 35), ("b", 22));
        var manifest = Manifest(retrieverExtras: PartitionedByAccount);

        var (windows, state) = await ReadAsync(manifest, 0, """
            {"use_global_cursor": false, "states": [{"partition": {"account": "a"}, "cursor": {"created": "30"}}],
             "state": {"created": "30"}, "lookback_window": 10, "parent_state": {}}
            """);

        Assert.Equal(["?account=a&start_time=30&end_time=50", "?account=b&start_time=20&end_time=50"], windows.Order());
        Assert.Equal(DatetimeBasedCursorTests.Sorted("""
            {"use_global_cursor": false, "states": [{"partition": {"account": "a"}, "cursor": {"created": "35"}}, {"partition": {"account": "b"}, "cursor": {"created": "22"}}],
             "state": {"created": "35"}, "lookback_window": 0, "parent_state": {}}
            """), DatetimeBasedCursorTests.Sorted(JsonValues.ToJson(state)));
    }

    [Fact]
    // ConcurrentPerPartitionCursor: with use_global_cursor every partition reads from the global state, and only it is kept.
    public async Task Read_UseGlobalCursorState_EveryPartitionReadsFromTheGlobalStateAndOnlyItIsWritten()
    {
        Serve(("a", 35), ("b", 41));
        var manifest = Manifest(retrieverExtras: PartitionedByAccount);

        var (windows, state) = await ReadAsync(manifest, 0, """{"use_global_cursor": true, "state": {"created": "30"}, "lookback_window": 0}""");

        Assert.Equal(["?account=a&start_time=30&end_time=50", "?account=b&start_time=30&end_time=50"], windows.Order());
        Assert.Equal(DatetimeBasedCursorTests.Sorted("""{"use_global_cursor": true, "state": {"created": "41"}, "lookback_window": 0}"""),
            DatetimeBasedCursorTests.Sorted(JsonValues.ToJson(state)));
    }

    [Fact]
    // Siphon's own state written before this shape (global_substream_cursor kept a bare {cursor_field: value}) still resumes.
    public async Task Read_OlderSiphonGlobalState_ResumesFromItAndWritesTheReferenceShapeInstead()
    {
        Serve(("a", 44));
        var manifest = Manifest("""
                  global_substream_cursor: true
            """, PartitionedByAccount);

        var (windows, state) = await ReadAsync(manifest, 0, """{"created": "30", "async_jobs": {}}""");

        Assert.Equal(["?account=a&start_time=30&end_time=50", "?account=b&start_time=30&end_time=50"], windows.Order());
        Assert.Equal(DatetimeBasedCursorTests.Sorted("""{"use_global_cursor": true, "state": {"created": "44"}, "lookback_window": 0, "async_jobs": {}}"""),
            DatetimeBasedCursorTests.Sorted(JsonValues.ToJson(state)));
    }
}
