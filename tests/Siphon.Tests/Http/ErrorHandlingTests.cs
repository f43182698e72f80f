using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Http.ErrorHandling;
using Siphon.Runs;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class ErrorHandlingTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private readonly SteppingTimeProvider _time = new();
    private readonly RecordingSink _sink = new();

    private static (int, string, (string, string)[]) R(int status, string body = "{}", params (string, string)[] headers) => (status, body, headers);

    /// <summary>Sends with the requester written in YAML (BASE is the server), stepping the fake clock through every retry.</summary>
    private async Task<(HttpExchange? Exchange, HttpRequestFailedException? Error, List<TimeSpan> Delays)> SendAsync(string yaml, string config = "{}")
    {
        using var session = new HttpSession(events: _sink, time: _time);
        var requester = Requester(yaml.Replace("BASE", server.BaseUrl));
        var (outcome, delays) = await _time.RunAsync(async () =>
        {
            try { return ((HttpExchange?)await requester.SendAsync(new RequestContext(session, Step.Page("read"), Scope(Config(config), _time)), CancellationToken.None), (HttpRequestFailedException?)null); }
            catch (HttpRequestFailedException e) { return (null, e); }
        });
        return (outcome.Item1, outcome.Item2, delays);
    }

    private static string WithHandler(string handler) => $"type: HttpRequester\nurl: BASE/items\nerror_handler:\n  {handler.Replace("\n", "\n  ")}";

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    [InlineData(409)]
    public async Task DefaultMapping_RetryableStatus_IsRetriedWithDoublingWaits(int status)
    {
        server.Respond(R(status, """{"message": "busy"}"""));

        var (_, error, delays) = await SendAsync(WithHandler("type: DefaultErrorHandler\nmax_retries: 3"));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], delays);
        Assert.Equal(4, server.Requests.Count);
        Assert.NotNull(error);
        Assert.EndsWith("\"busy\" (gave up after 4 attempts)", error.Message);
    }

    [Theory]
    [InlineData(400, FailureType.SystemError)]
    [InlineData(404, FailureType.SystemError)]
    [InlineData(405, FailureType.SystemError)]
    [InlineData(401, FailureType.ConfigError)]
    [InlineData(403, FailureType.ConfigError)]
    public async Task DefaultMapping_FailingStatus_FailsAtOnce(int status, FailureType failure)
    {
        server.Respond(R(status));

        var (_, error, delays) = await SendAsync("type: HttpRequester\nurl: BASE/items");

        Assert.Empty(delays);
        Assert.Single(server.Requests);
        Assert.Equal((status, failure), (error!.Status, error.FailureType));
    }

    [Fact]
    public async Task DefaultMapping_RateLimited_RetriesAndFailsAsTransient()
    {
        server.Respond(R(429));

        var (_, error, delays) = await SendAsync(WithHandler("type: DefaultErrorHandler\nmax_retries: 1"));

        Assert.Equal([TimeSpan.FromSeconds(1)], delays);
        Assert.Equal(FailureType.TransientError, error!.FailureType);
    }

    [Fact]
    public async Task SendAsync_TransientFailuresThenSuccess_ReportsEachRetryAsAnEvent()
    {
        server.Respond(R(503), R(500), R(200, """{"ok": true}"""));

        var (exchange, _, delays) = await SendAsync("type: HttpRequester\nurl: BASE/items");

        using (exchange) Assert.Equal((200, 3), (exchange!.Status, exchange.Attempts));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], delays);
        var retries = _sink.Of<HttpRetryScheduled>();
        Assert.Equal([(1, TimeSpan.FromSeconds(1)), (2, TimeSpan.FromSeconds(2))], retries.Select(r => (r.Attempt, r.Delay)));
        Assert.StartsWith("returned 503", retries[0].Reason);
        Assert.Equal([1, 2, 3], _sink.Of<HttpRequestSent>().Select(e => e.Attempt));
        Assert.Equal([503, 500, 200], _sink.Of<HttpResponseReceived>().Select(e => e.Status));
    }

    [Fact]
    public async Task RetryAfter_SecondsOn429_IsObeyedByDefault()
    {
        server.Respond(R(429, "{}", ("Retry-After", "7")), R(200));

        var (exchange, _, delays) = await SendAsync("type: HttpRequester\nurl: BASE/items");

        exchange!.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(7)], delays);
    }

    [Fact]
    public async Task RetryAfter_HttpDateOn503_WaitsUntilThatTime()
    {
        var until = _time.GetUtcNow().AddSeconds(30).ToString("r", CultureInfo.InvariantCulture);
        server.Respond(R(503, "{}", ("Retry-After", until)), R(200));

        var (exchange, _, delays) = await SendAsync("type: HttpRequester\nurl: BASE/items");

        exchange!.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(30)], delays);
    }

    [Fact]
    public async Task ResponseFilter_Success_AcceptsAnErrorStatus()
    {
        server.Respond(R(500, """{"partial": true}"""));

        var (exchange, _, _) = await SendAsync(WithHandler("type: DefaultErrorHandler\nresponse_filters: [{ http_codes: [500], action: SUCCESS }]"));

        using (exchange) Assert.Equal((500, false), (exchange!.Status, exchange.Ignored));
    }

    [Fact]
    public async Task ResponseFilter_FailOnPredicate_FailsA200WithTheFilterMessage()
    {
        server.Respond(R(200, """{"status": "error", "reason": "bad account"}"""));

        var (_, error, _) = await SendAsync(WithHandler("""
            type: DefaultErrorHandler
            response_filters:
              - predicate: "{{ response.status == 'error' and headers['content-type'] == 'application/json' }}"
                action: FAIL
                failure_type: config_error
                error_message: "account problem: {{ response.reason }}"
            """));

        Assert.Equal(FailureType.ConfigError, error!.FailureType);
        Assert.EndsWith("/items returned 200 OK: \"{\"status\": \"error\", \"reason\": \"bad account\"}\" (account problem: bad account)", error.Message);
    }

    [Fact]
    public async Task ResponseFilter_RetryOnErrorMessageContains_RetriesThenSucceeds()
    {
        server.Respond(R(400, """{"message": "please try later"}"""), R(200));

        var (exchange, _, delays) = await SendAsync(WithHandler("""
            type: DefaultErrorHandler
            response_filters: [{ error_message_contains: try later, action: RETRY }]
            """));

        using (exchange) Assert.Equal(200, exchange!.Status);
        Assert.Equal([TimeSpan.FromSeconds(1)], delays);
    }

    [Fact]
    public async Task ResponseFilter_Ignore_ReturnsTheExchangeMarkedIgnored()
    {
        server.Respond(R(404));

        var (exchange, _, _) = await SendAsync(WithHandler("type: DefaultErrorHandler\nresponse_filters: [{ http_codes: [404], action: IGNORE }]"));

        using (exchange) Assert.True(exchange!.Ignored);
    }

    [Fact]
    public async Task ResponseFilter_RateLimited_RetriesAndExhaustsAsTransient()
    {
        server.Respond(R(403, """{"message": "quota exceeded"}"""));

        var (_, error, delays) = await SendAsync(WithHandler("""
            type: DefaultErrorHandler
            max_retries: 2
            response_filters: [{ http_codes: [403], action: RATE_LIMITED }]
            """));

        Assert.Equal(2, delays.Count);
        Assert.Equal((FailureType.TransientError, 3), (error!.FailureType, error.Attempts));
    }

    [Fact]
    public async Task ResponseFilter_FailureTypeWithoutAction_TransientRetriesConfigFails()
    {
        server.Respond(R(418));

        var (_, error, delays) = await SendAsync(WithHandler("""
            type: DefaultErrorHandler
            response_filters: [{ http_codes: [418], failure_type: config_error }]
            """));

        Assert.Empty(delays);
        Assert.Equal(FailureType.ConfigError, error!.FailureType);
    }

    [Fact]
    public async Task ResponseFilter_RefreshTokenThenRetry_ObtainsANewTokenAndRetries()
    {
        var tokens = 0;
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path == "/token") { await context.Response.WriteAsync($$"""{"access_token": "at-{{++tokens}}", "expires_in": 3600}"""); return; }
            if (context.Request.Headers.Authorization != "Bearer at-2") { context.Response.StatusCode = 403; await context.Response.WriteAsync("""{"message": "token expired"}"""); return; }
            await context.Response.WriteAsync("{}");
        });

        var (exchange, _, _) = await SendAsync("""
            type: HttpRequester
            url: BASE/items
            authenticator: { type: OAuthAuthenticator, token_refresh_endpoint: BASE/token, grant_type: client_credentials, client_id: a, client_secret: b }
            error_handler:
              response_filters: [{ error_message_contains: token expired, action: REFRESH_TOKEN_THEN_RETRY }]
            """);

        using (exchange) Assert.Equal(200, exchange!.Status);
        Assert.Equal(2, tokens);
    }

    [Fact]
    public async Task ConstantBackoffStrategy_Retries_WaitTheConstant()
    {
        server.Respond(R(500), R(500), R(200));

        var (exchange, _, delays) = await SendAsync(WithHandler("type: DefaultErrorHandler\nbackoff_strategies: [{ type: ConstantBackoffStrategy, backoff_time_in_seconds: \"{{ config.wait }}\" }]"), """{"wait": 30}""");

        exchange!.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)], delays);
    }

    [Fact]
    public async Task ExponentialBackoffStrategy_Retries_WaitFactorTimesTwoToTheAttempts()
    {
        server.Respond(R(500), R(500), R(500), R(200));

        var (exchange, _, delays) = await SendAsync(WithHandler("type: DefaultErrorHandler\nbackoff_strategies: [{ type: ExponentialBackoffStrategy, factor: 2 }]"));

        exchange!.Dispose();
        Assert.Equal([4, 8, 16], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task WaitTimeFromHeader_Regex_ExtractsTheSeconds()
    {
        server.Respond(R(429, "{}", ("X-Wait", "12.5 seconds")), R(200));

        var (exchange, _, delays) = await SendAsync(WithHandler("""
            type: DefaultErrorHandler
            backoff_strategies: [{ type: WaitTimeFromHeader, header: X-Wait, regex: "[-+]?\\d+(\\.\\d+)?" }]
            """));

        exchange!.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(12.5)], delays);
    }

    [Fact]
    public async Task WaitTimeFromHeader_AboveMaxWaitingTime_FailsAsTransient()
    {
        server.Respond(R(429, "{}", ("Retry-After", "120")));

        var (_, error, delays) = await SendAsync(WithHandler("""
            type: DefaultErrorHandler
            backoff_strategies: [{ type: WaitTimeFromHeader, header: Retry-After, max_waiting_time_in_seconds: 60 }]
            """));

        Assert.Empty(delays);
        Assert.Equal(FailureType.TransientError, error!.FailureType);
        Assert.Contains("the server asks to wait 120 s, more than max_waiting_time_in_seconds (60 s)", error.Message);
    }

    [Fact]
    public async Task WaitUntilTimeFromHeader_EpochSeconds_WaitsUntilThen()
    {
        var reset = _time.GetUtcNow().ToUnixTimeSeconds() + 45;
        server.Respond(R(429, "{}", ("X-RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture))), R(429, "{}", ("X-RateLimit-Reset", "1")), R(200));

        var (exchange, _, delays) = await SendAsync(WithHandler("type: DefaultErrorHandler\nbackoff_strategies: [{ type: WaitUntilTimeFromHeader, header: X-RateLimit-Reset, min_wait: 5 }]"));

        exchange!.Dispose();
        Assert.Equal([TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(5)], delays);
    }

    [Fact]
    public async Task MaxRetries_FromConfig_LimitsAttempts()
    {
        server.Respond(R(500));

        var (_, error, _) = await SendAsync(WithHandler("type: DefaultErrorHandler\nmax_retries: \"{{ config.retries }}\""), """{"retries": 1}""");

        Assert.Equal(2, error!.Attempts);
    }

    [Fact]
    public async Task MaxTime_Reached_StopsRetryingAndTruncatesTheLastWait()
    {
        server.Respond(R(500));

        var (_, error, delays) = await SendAsync(WithHandler("type: DefaultErrorHandler\nmax_time: 10\nmax_retries: 10\nbackoff_strategies: [{ type: ConstantBackoffStrategy, backoff_time_in_seconds: 6 }]"));

        Assert.Equal([TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(4)], delays);
        Assert.Contains("(gave up after 3 attempts, max_time of 10 s reached)", error!.Message);
    }

    [Fact]
    public async Task CompositeErrorHandler_FirstMatchingHandler_DecidesAndStrategiesCombine()
    {
        server.Respond(R(403), R(200));

        var (exchange, _, delays) = await SendAsync("""
            type: HttpRequester
            url: BASE/items
            error_handler:
              type: CompositeErrorHandler
              error_handlers:
                - response_filters: [{ http_codes: [404], action: IGNORE }]
                - response_filters: [{ http_codes: [403], action: RETRY }]
                  backoff_strategies: [{ type: ConstantBackoffStrategy, backoff_time_in_seconds: 10 }]
            """);

        using (exchange) Assert.Equal(200, exchange!.Status);
        Assert.Equal([TimeSpan.FromSeconds(10)], delays);
    }

    [Fact]
    public async Task ResponseFilter_ResetPagination_ReturnsTheExchangeMarkedForAReset()
    {
        server.Respond(R(400, """{"message": "cursor too old"}"""));

        var (exchange, _, _) = await SendAsync(WithHandler("type: DefaultErrorHandler\nresponse_filters: [{ error_message_contains: cursor too old, action: RESET_PAGINATION }]"));

        using (exchange) Assert.True(exchange!.ResetPagination);
    }

    [Fact]
    public async Task NetworkError_ConnectionRefused_IsRetriedThenFails()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (_, error, delays) = await SendAsync($"type: HttpRequester\nurl: http://127.0.0.1:{port}/x\nerror_handler: {{ max_retries: 1 }}");

        Assert.Equal([TimeSpan.FromSeconds(1)], delays);
        Assert.Null(error!.Status);
        Assert.StartsWith($"read: GET http://127.0.0.1:{port}/x failed: ", error.Message);
        Assert.Equal(2, _sink.Of<HttpRequestFailed>().Count);
    }
}
