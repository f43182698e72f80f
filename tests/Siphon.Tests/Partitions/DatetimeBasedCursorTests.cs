using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using Siphon.Tests.Runs;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Partitions;

public sealed class DatetimeBasedCursorTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly long Jan7 = new DateTimeOffset(2024, 1, 7, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private const long Day = 86_400;

    /// <summary>Events the server holds: (account, created epoch seconds, updated epoch seconds for accounts).</summary>
    private readonly List<(string Account, long Created)> _events = [];

    /// <summary>
    /// /events filters by start_time &lt;= created &lt;= end_time (epoch seconds) and account when given, unless ?all is set
    /// (a client-side API); /accounts lists accounts a and b, filtered by updated_since.
    /// </summary>
    private void Serve(bool ignoreFilters = false)
    {
        server.Reset(async context =>
        {
            var q = context.Request.Query;
            context.Response.ContentType = "application/json";
            if (context.Request.Path == "/accounts")
            {
                var since = long.TryParse(q["updated_since"], out var s) ? s : 0;
                var accounts = new[] { ("a", Jan7 + Day), ("b", Jan7 + 3 * Day + 3600) }.Where(a => a.Item2 >= since);
                await context.Response.WriteAsync("[" + string.Join(",", accounts.Select(a => $"{{\"id\": \"{a.Item1}\", \"updated\": {a.Item2}}}")) + "]");
                return;
            }
            long? start = long.TryParse(q["start_time"], out var st) ? st : null;
            long? end = long.TryParse(q["end_time"], out var en) ? en : null;
            string? account = q["account"].Count > 0 ? q["account"].ToString() : null;
            List<(string Account, long Created)> matching;
            lock (_events)
                matching = _events.Where(e => ignoreFilters || ((start is null || e.Created >= start) && (end is null || e.Created <= end) && (account is null || e.Account == account))).ToList();
            await context.Response.WriteAsync("[" + string.Join(",", matching.Select(e => $"{{\"id\": \"{e.Account}-{e.Created}\", \"created\": {e.Created}}}")) + "]");
        });
    }

    private string Events(string cursorExtras = "", string retrieverExtras = "", string format = "%s") => $$$"""
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
              datetime_format: "{{{format}}}"
              cursor_datetime_formats: ["%s"]
              start_datetime: { type: MinMaxDatetime, datetime: "{{ config['start_date'] }}", datetime_format: "%Y-%m-%dT%H:%M:%SZ" }
              start_time_option: { type: RequestOption, inject_into: request_parameter, field_name: start_time }
              end_time_option: { type: RequestOption, inject_into: request_parameter, field_name: end_time }
        {{{cursorExtras}}}
        """;

    private const string Config = """{"start_date": "2024-01-07T00:00:00Z"}""";

    private void AddEvents(params (string Account, long Created)[] events)
    {
        lock (_events) _events.AddRange(events);
    }

    /// <summary>Serves <paramref name="events"/> and answers the events stream read in windows of a day (one second apart).</summary>
    private ConnectorDefinition ServeInDailyWindows(params (string Account, long Created)[] events)
    {
        Serve();
        AddEvents(events);
        return Load(Events("""
                  step: P1D
                  cursor_granularity: PT1S
            """));
    }

    /// <summary>Between two reads: two more events (days 4 and 5), two days pass, and the requests so far are forgotten.</summary>
    private void TwoDaysLaterWithTwoMoreEvents(FakeTimeProvider time)
    {
        AddEvents(("a", Jan7 + 3 * Day + 1), ("a", Jan7 + 4 * Day + 7));
        time.Advance(TimeSpan.FromDays(2));
        server.Requests.Clear();
    }

    [Fact]
    public async Task Read_StepAndGranularity_WindowsDoNotOverlapAndStateIsTheNewestRecordRead()
    {
        var connector = ServeInDailyWindows(("a", Jan7 + 10), ("a", Jan7 + Day + 10), ("a", Jan7 + 2 * Day + 10));

        var output = await ReadAsync(connector, Config);

        Assert.Equal(
            [$"?start_time={Jan7}&end_time={Jan7 + Day - 1}", $"?start_time={Jan7 + Day}&end_time={Jan7 + 2 * Day - 1}",
             $"?start_time={Jan7 + 2 * Day}&end_time={Jan7 + 3 * Day}"],
            server.Requests.Select(r => r.Query));
        Assert.Equal(3, output.Records().Count());
        // As the reference: the last window ends at the end (not a granularity before it, then a window of its own), and
        // the state is the newest cursor value read, not the end of the window.
        Assert.Equal([$"{Jan7 + 10}", $"{Jan7 + Day + 10}", $"{Jan7 + 2 * Day + 10}", $"{Jan7 + 2 * Day + 10}"],
            output.States().Select(s => s["created"]!.ToString()));
        // Each state comes after the records of its window.
        var items = output.Items.Select(i => i.Record is not null ? "R" : "S");
        Assert.Equal("RSRSRSS", string.Concat(items));
    }

    [Theory]
    [InlineData("%s", "1704585600")]
    [InlineData("%ms", "1704585600000")]
    [InlineData("%Y-%m-%dT%H:%M:%S.%_ms%z", "2024-01-07T00%3A00%3A00.000%2B0000")]
    [InlineData("%Y-%m-%d", "2024-01-07")]
    public async Task Read_DatetimeFormats_WindowBoundsAreWrittenInTheFormat(string format, string expectedStart)
    {
        Serve();
        var connector = Load(Events(format: format));

        await ReadAsync(connector, Config);

        Assert.StartsWith($"?start_time={expectedStart}&", server.Requests.Single().Query);
    }

    [Fact]
    public async Task Read_ResumedFromState_NoRecordLostAndOnlyTheStateValueReadAgain()
    {
        var connector = ServeInDailyWindows(("a", Jan7 + 5), ("a", Jan7 + Day), ("a", Jan7 + 3 * Day - 1));
        var time = new FakeTimeProvider(Now);
        var first = await ReadAsync(connector, Config, time: time);
        TwoDaysLaterWithTwoMoreEvents(time);

        var second = await ReadAsync(connector, Config, new() { ["events"] = first.LastState("events")! }, time);

        // The reference resumes at the state itself (its boundary is inclusive), so the record at the state is read again.
        Assert.Equal($"?start_time={Jan7 + 3 * Day - 1}&end_time={Jan7 + 4 * Day - 2}", server.Requests.First().Query);
        var all = first.Records().Field("id").Concat(second.Records().Field("id")).ToList();
        Assert.Equal(_events.Select(e => $"{e.Account}-{e.Created}").Order(), all.Distinct().Order());
        Assert.Equal([$"a-{Jan7 + 3 * Day - 1}"], all.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public async Task Read_ResumedAfterCommittedWindows_StartsAfterTheLastWindowAndReadsNothingTwice()
    {
        var connector = ServeInDailyWindows(("a", Jan7 + 5), ("a", Jan7 + Day), ("a", Jan7 + 3 * Day - 1));
        var time = new FakeTimeProvider(Now);
        var platform = await ReadAsync(connector, Config, time: time);
        var first = await ReadAsync(connector, Config, time: time, resumeAfterCommittedWindows: true);
        TwoDaysLaterWithTwoMoreEvents(time);

        var second = await ReadAsync(connector, Config, new() { ["events"] = first.LastState("events")! }, time, resumeAfterCommittedWindows: true);

        // The value is the reference's either way; the end of the last window read (now) is only kept for a consumer
        // that commits records with the state, and only such a consumer resumes after it.
        Assert.Equal($$"""{"created":"{{Jan7 + 3 * Day - 1}}"}""", JsonValues.ToJson(platform.LastState("events")));
        Assert.Equal($$"""{"created":"{{Jan7 + 3 * Day - 1}}","siphon_read_through":"{{Jan7 + 3 * Day}}"}""", JsonValues.ToJson(first.LastState("events")));
        Assert.StartsWith($"?start_time={Jan7 + 3 * Day + 1}&", server.Requests.First().Query);
        var all = first.Records().Field("id").Concat(second.Records().Field("id")).ToList();
        Assert.Equal(_events.Select(e => $"{e.Account}-{e.Created}").Order(), all.Order());
        Assert.Equal($$"""{"created":"{{Jan7 + 4 * Day + 7}}","siphon_read_through":"{{Jan7 + 5 * Day}}"}""", JsonValues.ToJson(second.LastState("events")));
    }

    [Fact]
    public async Task Read_InterruptedAfterASlice_ResumesWhereTheLastStateLeftOff()
    {
        var connector = ServeInDailyWindows(("a", Jan7 + 1), ("a", Jan7 + Day + 1), ("a", Jan7 + 2 * Day + 1), ("a", Jan7 + 2 * Day + 2));
        using var cancel = new CancellationTokenSource();
        var interrupted = new CollectingOutput { OnState = count => { if (count == 2) cancel.Cancel(); } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAsync(connector, Config, output: interrupted, cancellationToken: cancel.Token));
        var resumed = await ReadAsync(connector, Config, new() { ["events"] = interrupted.LastState("events")! });

        var all = interrupted.Records().Field("id").Concat(resumed.Records().Field("id")).ToList();
        Assert.Equal(2, interrupted.Records().Count());
        Assert.Equal(_events.Select(e => $"{e.Account}-{e.Created}").Order(), all.Distinct().Order());
        // Only the record at the state (the newest one read) is read again: the resumed read starts at it, inclusive.
        Assert.Equal([$"a-{Jan7 + Day + 1}"], all.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public async Task Read_LookbackWindow_ResumeStartsThatFarBeforeTheState()
    {
        Serve();
        var connector = Load(Events("""
                  lookback_window: P1D
            """));
        var state = Json($$"""{"created": "{{Jan7 + 2 * Day}}"}""");

        await ReadAsync(connector, Config, new() { ["events"] = state });

        Assert.StartsWith($"?start_time={Jan7 + Day}&", server.Requests.Single().Query);
    }

    [Fact]
    public async Task Read_PerPartitionState_EachPartitionResumesFromItsOwnState()
    {
        Serve();
        AddEvents(("a", Jan7 + 1), ("b", Jan7 + 2));
        var connector = Load(Events(retrieverExtras: """
                  partition_router:
                    type: ListPartitionRouter
                    values: [a, b]
                    cursor_field: account
                    request_option: { type: RequestOption, inject_into: request_parameter, field_name: account }
            """));
        var state = Json($$$"""{"states": [{"partition": {"account": "a"}, "cursor": {"created": "{{{Jan7 + Day}}}"}}]}""");

        var output = await ReadAsync(connector, Config, new() { ["events"] = state });

        Assert.Equal(["b-" + (Jan7 + 2)], output.Records().Field("id"));
        Assert.Equal([$"?account=a&start_time={Jan7 + Day}&end_time={Jan7 + 3 * Day}", $"?account=b&start_time={Jan7}&end_time={Jan7 + 3 * Day}"],
            server.Requests.Select(r => r.Query).Order());
        // a read nothing new, so it keeps its state; b's is its newest record; the global cursor is the newest of all
        // (where a new partition starts next time), lookback_window how long the read took (no time passed here).
        Assert.Equal(Sorted($$$"""{"states":[{"partition":{"account":"a"},"cursor":{"created":"{{{Jan7 + Day}}}"}},{"partition":{"account":"b"},"cursor":{"created":"{{{Jan7 + 2}}}"}}],"use_global_cursor":false,"state":{"created":"{{{Jan7 + Day}}}"},"lookback_window":0}"""),
            Sorted(JsonValues.ToJson(output.LastState("events"))));
    }

    [Fact]
    public async Task Read_PerPartitionStateResumedAfterCommittedWindows_EachPartitionStartsAfterItsOwnReadThrough()
    {
        var (first, second) = await ReadByAccountTwiceForACommittingConsumerAsync("");

        // Each partition keeps the reference's value and, in its cursor, the end of its last committed window.
        Assert.Equal(Sorted($$$"""{"states":[{"partition":{"account":"a"},"cursor":{"created":"{{{Jan7 + 1}}}","siphon_read_through":"{{{Jan7 + 3 * Day}}}"}},{"partition":{"account":"b"},"cursor":{"created":"{{{Jan7 + 2}}}","siphon_read_through":"{{{Jan7 + 3 * Day}}}"}}],"use_global_cursor":false,"state":{"created":"{{{Jan7 + 2}}}"},"lookback_window":0}"""),
            Sorted(JsonValues.ToJson(first.LastState("events"))));
        Assert.Equal([$"?account=a&start_time={Jan7 + 3 * Day + 1}&end_time={Jan7 + 4 * Day}", $"?account=b&start_time={Jan7 + 3 * Day + 1}&end_time={Jan7 + 4 * Day}"],
            server.Requests.Select(r => r.Query).Order());
        Assert.Equal([$"b-{Jan7 + 3 * Day + 5}"], second.Records().Field("id"));
    }

    [Fact]
    public async Task Read_GlobalCursorResumedAfterCommittedWindows_EveryPartitionStartsAfterTheReadThroughAllReached()
    {
        var (first, second) = await ReadByAccountTwiceForACommittingConsumerAsync("global_substream_cursor: true");

        Assert.Equal(Sorted($$$"""{"use_global_cursor":true,"state":{"created":"{{{Jan7 + 2}}}"},"lookback_window":0,"siphon_read_through":"{{{Jan7 + 3 * Day}}}"}"""),
            Sorted(JsonValues.ToJson(first.LastState("events"))));
        Assert.Equal([$"?account=a&start_time={Jan7 + 3 * Day + 1}&end_time={Jan7 + 4 * Day}", $"?account=b&start_time={Jan7 + 3 * Day + 1}&end_time={Jan7 + 4 * Day}"],
            server.Requests.Select(r => r.Query).Order());
        Assert.Equal([$"b-{Jan7 + 3 * Day + 5}"], second.Records().Field("id"));
    }

    /// <summary>
    /// Events of accounts a and b, read for a consumer that commits records with the state (a sync), then again a day
    /// later from the state it saved, after b got a new record; only the second read's requests are kept.
    /// </summary>
    private async Task<(CollectingOutput First, CollectingOutput Second)> ReadByAccountTwiceForACommittingConsumerAsync(string cursorExtra)
    {
        Serve();
        AddEvents(("a", Jan7 + 1), ("b", Jan7 + 2));
        var connector = Load(Events($"""
                  step: P10D
                  cursor_granularity: PT1S
                  {cursorExtra}
            """, """
                  partition_router:
                    type: ListPartitionRouter
                    values: [a, b]
                    cursor_field: account
                    request_option: { type: RequestOption, inject_into: request_parameter, field_name: account }
            """));
        var time = new FakeTimeProvider(Now);
        var first = await ReadAsync(connector, Config, time: time, resumeAfterCommittedWindows: true);
        AddEvents(("b", Jan7 + 3 * Day + 5));
        time.Advance(TimeSpan.FromDays(1));
        server.Requests.Clear();
        var second = await ReadAsync(connector, Config, new() { ["events"] = first.LastState("events")! }, time, resumeAfterCommittedWindows: true);
        return (first, second);
    }

    [Fact]
    public async Task Read_LegacyPerPartitionState_IsMigratedBeforeReading()
    {
        Serve();
        var connector = Load(Events(retrieverExtras: """
                  partition_router:
                    type: ListPartitionRouter
                    values: [a]
                    cursor_field: account
                    request_option: { type: RequestOption, inject_into: request_parameter, field_name: account }
            """).Replace("    incremental_sync:", "    state_migrations: [{ Type: LegacyToPerPartitionStateMigration }]\n    incremental_sync:"));
        var legacy = Json($$$"""{"a": {"created": "{{{Jan7 + 2 * Day}}}"}}""");

        await ReadAsync(connector, Config, new() { ["events"] = legacy });

        Assert.StartsWith($"?account=a&start_time={Jan7 + 2 * Day}&", server.Requests.Single().Query);
    }

    [Fact]
    public async Task Read_ClientSideIncremental_DropsRecordsOutsideTheWindowAndSendsNoBounds()
    {
        Serve(ignoreFilters: true);
        AddEvents(("a", Jan7 - 5), ("a", Jan7 + 5), ("a", Jan7 + 3 * Day + 100));
        var connector = Load(Events("""
                  is_client_side_incremental: true
            """));

        var output = await ReadAsync(connector, Config);

        Assert.Equal([$"a-{Jan7 + 5}"], output.Records().Field("id"));
        Assert.Equal("", server.Requests.Single().Query);
    }

    [Fact]
    public async Task Read_DataFeed_StopsPaginatingAtARecordOlderThanTheState()
    {
        // Newest first, one record per page, no date filter.
        server.Reset(async context =>
        {
            var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 0;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"[{{\"id\": {page}, \"created\": {Jan7 + 3 * Day - page * Day}}}]");
        });
        var connector = Load(Events("""
                  is_data_feed: true
            """, """
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: PageIncrement, page_size: 1 }
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
            """).Replace("start_time_option", "unused_start").Replace("end_time_option", "unused_end").Replace("      unused_start: { type: RequestOption, inject_into: request_parameter, field_name: start_time }\n", "").Replace("      unused_end: { type: RequestOption, inject_into: request_parameter, field_name: end_time }\n", ""));
        var state = Json($$"""{"created": "{{Jan7 + Day}}"}""");

        var output = await ReadAsync(connector, Config, new() { ["events"] = state });

        // The record at the state itself is kept (no granularity); the first older one ends the read.
        Assert.Equal(["0", "1", "2"], output.Records().Field("id"));
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Read_IncrementalDependency_ParentStateIsKeptInTheChildState()
    {
        Serve();
        AddEvents(("a", Jan7 + 10), ("b", Jan7 + 20));
        var yaml = $$$"""
            streams:
              - type: DeclarativeStream
                name: events
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/events" }
                  record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
                  partition_router:
                    type: SubstreamPartitionRouter
                    parent_stream_configs:
                      - parent_key: id
                        partition_field: account
                        incremental_dependency: true
                        request_option: { type: RequestOption, inject_into: request_parameter, field_name: account }
                        stream:
                          type: DeclarativeStream
                          name: accounts
                          retriever:
                            type: SimpleRetriever
                            requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/accounts" }
                            record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
                          incremental_sync:
                            type: DatetimeBasedCursor
                            cursor_field: updated
                            datetime_format: "%s"
                            start_datetime: "{{ config['start_date'] }}"
                            start_time_option: { inject_into: request_parameter, field_name: updated_since }
                            end_datetime: { datetime: "{{ now_utc().strftime('%s') }}" }
                incremental_sync:
                  type: DatetimeBasedCursor
                  cursor_field: created
                  datetime_format: "%s"
                  start_datetime: { datetime: "{{ config['start_date'] }}", datetime_format: "%Y-%m-%dT%H:%M:%SZ" }
                  start_time_option: { inject_into: request_parameter, field_name: start_time }
            """;
        var connector = Load(yaml.Replace("start_datetime: \"{{ config['start_date'] }}\"", "start_datetime: { datetime: \"{{ config['start_date'] }}\", datetime_format: \"%Y-%m-%dT%H:%M:%SZ\" }"));

        var time = new FakeTimeProvider(Now);
        var first = await ReadAsync(connector, Config, time: time);
        var state = first.LastState("events")!;
        server.Requests.Clear();
        time.Advance(TimeSpan.FromDays(1));
        await ReadAsync(connector, Config, new() { ["events"] = state }, time);

        Assert.Equal(2, first.Records().Count());
        Assert.Equal($$"""{"updated":"{{Jan7 + 3 * Day}}"}""", JsonValues.ToJson(((Dictionary<string, object?>)state["parent_state"]!)["accounts"]));
        Assert.Equal($"?updated_since={Jan7 + 3 * Day}", server.Requests.First().Query);
    }

    /// <summary>JSON with keys sorted at every level, so two states compare by content.</summary>
    internal static string Sorted(string json) => Siphon.Partitions.CursorValues.PartitionKey(Json(json));
}
