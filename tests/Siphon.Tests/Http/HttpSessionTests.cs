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

        var error = await Assert.ThrowsAsync<HttpRequestFailedException>(() => requester.SendAsync(new RequestContext(session, "read", Scope()), CancellationToken.None));

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

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => requester.SendAsync(new RequestContext(session, "read", Scope()), cancellation.Token));
    }
}
