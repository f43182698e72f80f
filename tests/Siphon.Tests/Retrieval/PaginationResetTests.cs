using Microsoft.AspNetCore.Http;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Retrieval;

/// <summary>
/// PaginationReset over a search-like API on 127.0.0.1 that pages three records at a time, sorted by (updated, id),
/// filtered by <c>updated_since</c>, and refuses pages beyond the second (HTTP 400), as search endpoints capped at
/// 10,000 results do. No catalogue connector in ../shared uses it; the manifests follow the reference schema.
/// </summary>
public sealed class PaginationResetTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly long Jan7 = new DateTimeOffset(2024, 1, 7, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Twenty items; some share an updated time, one such pair straddling where a reset narrows the slice.</summary>
    private static readonly long[] Updated = [1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 10, 10, 11, 12, 13, 14, 15, 16, 17];

    private const int PageSize = 3;
    private const int MaxPage = 2;

    private static IEnumerable<string> AllIds(int count = 20) => Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Serves the items; <paramref name="refuse"/> says whether a request for the given page (and how many times it was asked) gets the 400.</summary>
    private void Serve(long[] updated, Func<int, int, bool> refuse)
    {
        var asked = new Dictionary<int, int>();
        server.Reset(context =>
        {
            var since = long.Parse(context.Request.Query["updated_since"]!, System.Globalization.CultureInfo.InvariantCulture);
            var page = int.Parse(context.Request.Query["page"].FirstOrDefault() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            lock (asked) asked[page] = asked.GetValueOrDefault(page) + 1;
            if (refuse(page, asked[page]))
            {
                context.Response.StatusCode = 400;
                return context.Response.WriteAsync("""{"error": "Result window is too large"}""");
            }
            var items = updated.Select((u, i) => (Id: i + 1, Updated: Jan7 + u * 60)).Where(item => item.Updated >= since)
                .Skip((page - 1) * PageSize).Take(PageSize);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"items": [{{string.Join(",", items.Select(item => $$"""{"id": {{item.Id}}, "updated": {{item.Updated}}}"""))}}]}""");
        });
    }

    private string Manifest(string reset, bool resetOn400, bool incremental = true) => $$$"""
        streams:
          - type: DeclarativeStream
            name: items
            primary_key: id
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{{server.BaseUrl}}}/items"
                request_parameters: { updated_since: "{{ stream_interval.start_time if stream_interval else config['since'] }}" }
                error_handler:
                  type: DefaultErrorHandler
                  response_filters:
                    - { type: HttpResponseFilter, http_codes: [400], action: {{{(resetOn400 ? "RESET_PAGINATION" : "FAIL")}}} }
              record_selector: { extractor: { field_path: [items] } }
              paginator:
                type: DefaultPaginator
                pagination_strategy: { type: PageIncrement, page_size: {{{PageSize}}}, start_from_page: 1 }
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
              {{{reset}}}
        {{{(incremental ? Cursor : "")}}}
        """;

    private const string Cursor = """
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated
              datetime_format: "%s"
              start_datetime: "{{ config['since'] }}"
        """;

    private static string Config => $$"""{"since": "{{Jan7}}"}""";

    private const string SplitAtSixRecords = "pagination_reset: { type: PaginationReset, action: SPLIT_USING_CURSOR, limits: { type: PaginationResetLimits, number_of_records: 6 } }";

    [Fact]
    public async Task Read_SplitUsingCursorAtARecordLimit_ReadsEveryRecordOnceWithoutAskingBeyondTheCap()
    {
        Serve(Updated, refuse: (page, _) => page > MaxPage);
        var events = new RecordingSink();

        var output = await ReadAsync(Load(Manifest(SplitAtSixRecords, resetOn400: false)), Config, events: events);

        Assert.Equal(AllIds(), output.Records().Field("id"));
        Assert.DoesNotContain(server.Requests, r => r.Query.Contains("page=3", StringComparison.Ordinal));
        var resets = events.Of<PaginationWasReset>();
        Assert.Equal(3, resets.Count);
        Assert.All(resets, r => Assert.Equal("the limit of records read was reached", r.Reason));
        Assert.Equal($$"""{"start_time":"{{Jan7 + 6 * 60}}","end_time":"{{Now.ToUnixTimeSeconds()}}"}""", resets[0].Slice);
        Assert.Equal((Jan7 + 17 * 60).ToString(System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(output.LastState("items")!["updated"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Read_SplitUsingCursorOnAResetPaginationResponse_NarrowsTheSliceAndReadsEveryRecordOnce()
    {
        Serve(Updated, refuse: (page, _) => page > MaxPage);
        var events = new RecordingSink();

        var output = await ReadAsync(Load(Manifest("pagination_reset: { type: PaginationReset, action: SPLIT_USING_CURSOR }", resetOn400: true)), Config, events: events);

        Assert.Equal(AllIds(), output.Records().Field("id"));
        var resets = events.Of<PaginationWasReset>();
        Assert.NotEmpty(resets);
        Assert.All(resets, r => Assert.Equal("the error handler answered HTTP 400 with RESET_PAGINATION", r.Reason));
        Assert.Contains(server.Requests, r => r.Query.Contains($"updated_since={Jan7 + 6 * 60}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_ResetOnAPageThatFailsOnce_RestartsFromPageOneAndEmitsNoRecordTwice()
    {
        // Page 3 fails the first time only, as an expired pagination token would.
        Serve(Updated, refuse: (page, asked) => page == 3 && asked == 1);
        var events = new RecordingSink();

        var output = await ReadAsync(Load(Manifest("pagination_reset: { type: PaginationReset, action: RESET }", resetOn400: true, incremental: false)), Config, events: events);

        Assert.Equal(AllIds(), output.Records().Field("id"));
        var reset = Assert.Single(events.Of<PaginationWasReset>());
        Assert.Equal("the error handler answered HTTP 400 with RESET_PAGINATION", reset.Reason);
        Assert.Equal(["1", "2", "3", "1", "2", "3", "4", "5", "6", "7"], server.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(r.Query)["page"] ?? "1"));
    }

    [Fact]
    public async Task Read_ResetPaginationWithoutPaginationReset_ResetsOnceAsTheReference()
    {
        Serve(Updated, refuse: (page, asked) => page == 3 && asked == 1);

        var output = await ReadAsync(Load(Manifest("", resetOn400: true, incremental: false)), Config);

        // Without a declared PaginationReset the reference re-reads the first pages and emits their records again.
        Assert.Equal(AllIds(6).Concat(AllIds()), output.Records().Field("id"));
    }

    [Fact]
    public async Task Read_ResetThatReadsNothingNew_FailsWithOneLineInsteadOfLooping()
    {
        Serve(Updated, refuse: (page, _) => page > MaxPage);

        var output = await ReadAsync(Load(Manifest("pagination_reset: { type: PaginationReset, action: RESET }", resetOn400: true, incremental: false)), Config, expectSuccess: false);

        Assert.Equal(AllIds(6), output.Records().Field("id"));
        var failure = Assert.Single(output.Failures);
        Assert.Contains("items: pagination of slice", failure, StringComparison.Ordinal);
        Assert.Contains("no new record was read since the slice began or was last reset; stopping instead of looping", failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure);
        Assert.Equal(3 + 3, server.Requests.Count);
    }

    [Fact]
    public async Task Read_SplitWhenMoreRecordsShareOneValueThanTheCap_FailsInsteadOfLooping()
    {
        Serve([1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 5], refuse: (page, _) => page > MaxPage);

        var output = await ReadAsync(Load(Manifest(SplitAtSixRecords, resetOn400: false)), Config, expectSuccess: false);

        Assert.Equal(AllIds(9), output.Records().Field("id"));
        var failure = Assert.Single(output.Failures);
        Assert.Contains("it already starts at the last cursor value read: more records share that value than the API pages through", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SplitWithoutAnIncrementalCursor_FailsNamingWhatItNeeds()
    {
        Serve(Updated, refuse: (page, _) => page > MaxPage);

        var output = await ReadAsync(Load(Manifest(SplitAtSixRecords, resetOn400: false, incremental: false)), Config, expectSuccess: false);

        Assert.Contains("SPLIT_USING_CURSOR needs a DatetimeBasedCursor", Assert.Single(output.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RecordLimitBelowOne_IsAManifestErrorAtTheField()
    {
        var loaded = ConnectorLoader.Parse("m.yaml", "version: 6.5.0\ntype: DeclarativeSource\ncheck: { stream_names: [items] }\n"
            + Manifest("pagination_reset: { type: PaginationReset, action: RESET, limits: { type: PaginationResetLimits, number_of_records: 0 } }", resetOn400: false));

        var problem = Assert.Single(loaded.Problems);
        Assert.Contains("number_of_records must be at least 1", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("pagination_reset.limits.number_of_records", problem.ToString(), StringComparison.Ordinal);
    }
}
