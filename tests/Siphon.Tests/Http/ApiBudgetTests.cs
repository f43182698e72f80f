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
}
