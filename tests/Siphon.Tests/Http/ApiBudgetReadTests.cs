using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Tests.Http.Support;
using Siphon.Tests.Runs;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Http;

/// <summary>
/// The manifest's api_budget over real HTTP: a paginated read whose requests exceed a call-rate policy waits for room
/// instead of failing, and requests an UnlimitedCallRatePolicy matches first are never held back.
/// </summary>
public sealed class ApiBudgetReadTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    // A budget counts a request when it is sent, the server when it arrives: on a loaded machine one arrival can lag its
    // send by a few hundred ms (seen: 183 ms at load average 12). A budget that did not wait would let requests arrive
    // milliseconds apart, far inside this allowance.
    private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(400);

    private readonly ConcurrentQueue<(string Path, TimeSpan At)> _arrivals = new();

    /// <summary>Six pages per stream: /{stream}?page=N returns record N and a link to N+1.</summary>
    private void Serve()
    {
        var clock = Stopwatch.StartNew();
        server.Reset(context =>
        {
            _arrivals.Enqueue((context.Request.Path.Value!, clock.Elapsed));
            var page = int.TryParse(context.Request.Query["page"], out var n) ? n : 1;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync($$"""{"data": [{"page": {{page}}}], "next": {{(page < 6 ? (page + 1).ToString() : "null")}}}""");
        });
    }

    private string Stream(string name) => $$$"""
          - type: DeclarativeStream
            name: {{{name}}}
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/{{{name}}}" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [data] } }
              paginator:
                type: DefaultPaginator
                pagination_strategy: { type: CursorPagination, cursor_value: "{{ response.next }}", stop_condition: "{{ not response.next }}" }
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
        """;

    private async Task<CollectingOutput> ReadAsync(string budget, params string[] streams)
    {
        Serve();
        // A first read without a budget opens the connection and compiles the read path, whose cost would otherwise fall
        // between the first request's count and its arrival.
        await Siphon.Tests.Runs.ReadTestKit.ReadAsync(Load("streams:\n" + Stream("warmup")), time: TimeProvider.System);
        _arrivals.Clear();
        var connector = Load("api_budget:\n" + budget + "\nstreams:\n" + string.Concat(streams.Select(Stream)));
        Assert.NotNull(connector.ApiBudget);
        using var session = new HttpSession(new HttpSessionOptions { ApiBudget = connector.ApiBudget });
        var output = new CollectingOutput();
        var summary = await new SourceReader(connector, session).ReadAsync(Json("{}"), connector.Streams.Select(s => new StreamReadRequest(s.Name)).ToList(), output, CancellationToken.None);
        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures.Select(f => f.Error.Message)));
        return output;
    }

    private List<TimeSpan> ArrivalsAt(string path) => _arrivals.Where(a => a.Path == path).Select(a => a.At).ToList();

    [Fact]
    public async Task Read_FixedWindowOfTwoCallsPerSecond_RequestsBeyondTheLimitWaitForTheNextWindowAndNoneFail()
    {
        var output = await ReadAsync("""
              type: HTTPAPIBudget
              policies:
                - type: FixedWindowCallRatePolicy
                  period: PT1S
                  call_limit: 2
                  matchers: [ { method: GET, url_path_pattern: "^/orders" } ]
            """, "orders");

        Assert.Equal(["1", "2", "3", "4", "5", "6"], output.Records().Field("page"));
        var at = ArrivalsAt("/orders");
        Assert.Equal(6, at.Count);
        // Requests 3-4 go in the second window, 5-6 in the third.
        for (var i = 2; i < at.Count; i++)
            Assert.True(at[i] - at[0] >= TimeSpan.FromSeconds(i / 2) - Jitter, $"request {i + 1} came {at[i] - at[0]} after the first");
    }

    [Fact]
    public async Task Read_MovingWindowOfTwoCallsPerSecond_NeverSendsThreeWithinASecondAndNoneFail()
    {
        var output = await ReadAsync("""
              type: HTTPAPIBudget
              policies:
                - type: MovingWindowCallRatePolicy
                  rates: [ { limit: 2, interval: PT1S } ]
                  matchers: []
            """, "orders");

        Assert.Equal(6, output.Records().Count());
        var at = ArrivalsAt("/orders");
        for (var i = 2; i < at.Count; i++)
            Assert.True(at[i] - at[i - 2] >= TimeSpan.FromSeconds(1) - Jitter, $"requests {i - 1} and {i + 1} came {at[i] - at[i - 2]} apart");
    }

    [Fact]
    public async Task Read_UnlimitedPolicyBeforeALimit_ExemptsTheRequestsItMatches()
    {
        var output = await ReadAsync("""
              type: HTTPAPIBudget
              policies:
                - type: UnlimitedCallRatePolicy
                  matchers: [ { url_path_pattern: "^/health" } ]
                - type: FixedWindowCallRatePolicy
                  period: PT1H
                  call_limit: 3
                  matchers: []
            """, "health");

        Assert.Equal(6, output.Records().Count());
        var at = ArrivalsAt("/health");
        Assert.True(at[^1] - at[0] < TimeSpan.FromSeconds(1), $"the exempt requests took {at[^1] - at[0]}");
    }
}
