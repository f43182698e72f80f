using Microsoft.Extensions.Time.Testing;
using Siphon.Components;
using Siphon.Http.Budget;
using Siphon.Tests.Support;

namespace Siphon.Tests.Http;

public sealed class ApiBudgetTests
{
    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }

    [Fact]
    public async Task Send_MatchingRequestsBeyondTheRate_WaitForTheWindowWhileOthersPass()
    {
        var budget = Fragment.Build<HttpApiBudget>("""
            type: HTTPAPIBudget
            policies:
              - type: MovingWindowCallRatePolicy
                rates: [ { limit: 1, interval: PT2S } ]
                matchers: [ { method: GET, url_path_pattern: "orders/v0/orders(\\?.*)?$" } ]
            status_codes_for_ratelimit_hit: [429]
            """, ComponentKind.ApiBudget);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var server = new CountingHandler();
        using var client = new HttpMessageInvoker(new ApiBudgetHandler(budget, clock, server));

        await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/orders/v0/orders?x=1"), CancellationToken.None);
        var second = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/orders/v0/orders"), CancellationToken.None);
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/orders/v0/orders/1/orderItems"), CancellationToken.None);
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/orders/v0/orders"), CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.Equal(3, server.Count);
        clock.Advance(TimeSpan.FromSeconds(2));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, server.Count);
    }

    private static (HttpMessageInvoker Client, CountingHandler Server, FakeTimeProvider Clock) Budget(string policies)
    {
        var budget = Fragment.Build<HttpApiBudget>("type: HTTPAPIBudget\npolicies:\n" + policies, ComponentKind.ApiBudget);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var server = new CountingHandler();
        return (new HttpMessageInvoker(new ApiBudgetHandler(budget, clock, server)), server, clock);
    }

    private static Task<HttpResponseMessage> Get(HttpMessageInvoker client, string path) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/" + path), CancellationToken.None);

    [Fact]
    public async Task Send_FixedWindowFull_WaitsForTheNextWindowWhichStartsAFreshCount()
    {
        var (client, server, clock) = Budget("""
              - type: FixedWindowCallRatePolicy
                period: PT1M
                call_limit: 2
                matchers: []
            """);

        await Get(client, "a");
        clock.Advance(TimeSpan.FromSeconds(50));
        await Get(client, "b");
        var third = Get(client, "c");
        var fourth = Get(client, "d");

        Assert.False(third.IsCompleted);
        Assert.Equal(2, server.Count);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, server.Count);
        var fifth = Get(client, "e");
        Assert.False(fifth.IsCompleted);
    }

    [Fact]
    public async Task Send_UnlimitedPolicyFirst_ExemptsItsRequestsFromTheLimitAfterIt()
    {
        var (client, server, _) = Budget("""
              - type: UnlimitedCallRatePolicy
                matchers: [ { url_path_pattern: "^/health$" } ]
              - type: FixedWindowCallRatePolicy
                period: PT1H
                call_limit: 1
                matchers: []
            """);

        for (var i = 0; i < 5; i++) await Get(client, "health");
        await Get(client, "orders");
        var limited = Get(client, "orders");

        Assert.Equal(6, server.Count);
        Assert.False(limited.IsCompleted);
    }
}
