using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class SecretRedactorTests
{
    private static readonly object? Spec = Siphon.Values.JsonValues.Parse("""
        {
          "type": "object",
          "properties": {
            "api_key": { "type": "string", "airbyte_secret": true },
            "region": { "type": "string" },
            "credentials": {
              "oneOf": [
                { "properties": { "client_secret": { "airbyte_secret": true } } },
                { "properties": { "password": { "airbyte_secret": true } } }
              ]
            }
          }
        }
        """);

    [Fact]
    public void FromSpec_AirbyteSecretFields_AreRedactedIncludingNestedOnes()
    {
        var redactor = SecretRedactor.FromSpec(Spec, Config("""{"api_key": "key-123", "region": "eu-west", "credentials": {"password": "p@ss word"}}"""));

        Assert.Equal("key=**** region=eu-west pw=****", redactor.Redact("key=key-123 region=eu-west pw=p@ss word"));
    }

    [Fact]
    public void Redact_EncodedForms_AreRedactedToo()
    {
        var redactor = new SecretRedactor();
        redactor.Add("p@ss word");

        Assert.Equal("q=**** form=**** b64=****", redactor.Redact($"q=p%40ss%20word form=p%40ss+word b64={Convert.ToBase64String("p@ss word"u8.ToArray())}"));
    }

    [Fact]
    public void Redact_OverlappingSecrets_LongestMatchWins()
    {
        var redactor = new SecretRedactor();
        redactor.Add("abc");
        redactor.Add("abcdef");

        Assert.Equal("x **** y ****", redactor.Redact("x abcdef y abc"));
    }

    [Fact]
    public void Add_ShortValues_AreIgnoredSoTextStaysReadable()
    {
        var redactor = new SecretRedactor();
        redactor.Add("ab");

        Assert.Equal("ab cab", redactor.Redact("ab cab"));
        Assert.True(redactor.IsEmpty);
    }
}

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
