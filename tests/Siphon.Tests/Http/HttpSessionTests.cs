using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class HttpSessionTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    [Fact]
    public async Task SendAsync_NoResponseWithinTheTimeout_FailsAsANetworkError()
    {
        server.Reset(async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var session = new HttpSession(new HttpSessionOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        var requester = Requester($"type: HttpRequester\nurl: {server.BaseUrl}/slow\nerror_handler: {{ max_retries: 0 }}");

        var error = await Assert.ThrowsAsync<HttpRequestFailedException>(() => requester.SendAsync(new RequestContext(session, Step.Page("read"), Scope()), CancellationToken.None));

        Assert.Equal($"read: GET {server.BaseUrl}/slow failed: no response within 0.2 s (gave up after 1 attempt)", error.Message);
        Assert.Equal(Siphon.Http.ErrorHandling.FailureType.TransientError, error.FailureType);
    }

    [Fact]
    public async Task SendAsync_Cancelled_ThrowsOperationCanceled()
    {
        server.Reset(async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        using var session = new HttpSession();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var requester = Requester($"type: HttpRequester\nurl: {server.BaseUrl}/slow");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => requester.SendAsync(new RequestContext(session, Step.Page("read"), Scope()), cancellation.Token));
    }

    [Fact]
    public async Task SendAsync_HeadersWithheld_SaysEveryNoticeIntervalWhatItWaitsForWithoutCredentials()
    {
        server.Reset(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.2), context.RequestAborted);
            await context.Response.WriteAsync("{}");
        });
        var events = new RecordingSink();
        using var session = new HttpSession(new HttpSessionOptions { HeaderWaitNotice = TimeSpan.FromMilliseconds(300) }, events: events);
        var requester = Requester($"type: HttpRequester\nurl: {server.BaseUrl}/slow\nrequest_parameters: {{ api_key: TOPSECRETKEY, page: '2' }}");

        using var exchange = await requester.SendAsync(new RequestContext(session, Step.PollJob("7"), Scope()), CancellationToken.None);

        var waits = events.Of<HttpStillWaiting>();
        Assert.InRange(waits.Count, 2, 4);
        Assert.All(waits, w => Assert.Equal("poll job 7", w.Step.Text));
        Assert.All(waits, w => Assert.DoesNotContain("TOPSECRETKEY", w.Url));
        Assert.StartsWith($"{server.BaseUrl}/slow?", waits[0].Url);
        Assert.Contains("page=2", waits[0].Url);
        Assert.True(waits[^1].Waited > waits[0].Waited);
    }

    [Fact]
    public async Task SendAsync_QuickAnswer_SaysNothingAboutWaiting()
    {
        server.Reset(context => context.Response.WriteAsync("{}"));
        var events = new RecordingSink();
        using var session = new HttpSession(new HttpSessionOptions { HeaderWaitNotice = TimeSpan.FromSeconds(5) }, events: events);
        var requester = Requester($"type: HttpRequester\nurl: {server.BaseUrl}/quick");

        using var exchange = await requester.SendAsync(new RequestContext(session, Step.Page("read"), Scope()), CancellationToken.None);

        Assert.Single(events.Of<HttpResponseReceived>());
        Assert.Empty(events.Of<HttpStillWaiting>());
    }
}
