using Polly;
using Polly.Retry;
using Siphon.Http.Auth;
using Siphon.Http.ErrorHandling;
using Siphon.Templates;

namespace Siphon.Http;

/// <summary>A request ready for the wire, with what run events show of its body.</summary>
internal sealed record PreparedRequest(HttpRequestMessage Message, string? BodyPreview);

/// <summary>
/// Sends one logical request: attempts on a Polly retry pipeline (clock from the session, so tests advance a fake
/// clock), each attempt judged by the error handler, waits from the backoff strategies (by default doubling from 1 s,
/// and <c>Retry-After</c> obeyed on 429 and 503), every exchange reported as run events, failures thrown as
/// <see cref="HttpRequestFailedException"/> with a redacted message.
/// </summary>
internal sealed class HttpSender(HttpSession session, Step step, IErrorHandler handler, IAuthenticator? authenticator, TemplateScope scope, RequestOrigin? origin = null,
    RetryCap? cap = null)
{
    private const int ExcerptLength = 200;

    private readonly BackoffContext _backoff = new(session.Run.Time, session.Run.Jitter, scope);
    private int _attempts;
    private bool _refreshedOn401;
    private string _method = "";
    private string _url = "";
    private long _exchange;
    private string? _authorization;

    /// <summary><paramref name="prepare"/> is called once per attempt (the authenticator may have a new token).</summary>
    public async Task<HttpExchange> SendAsync(Func<CancellationToken, ValueTask<PreparedRequest>> prepare, CancellationToken cancellationToken)
    {
        var maxRetries = Math.Min(handler.MaxRetries(scope), cap?.MaxRetries ?? int.MaxValue);
        var started = session.Run.Time.GetTimestamp();
        var pipeline = maxRetries == 0 ? ResiliencePipeline<AttemptOutcome>.Empty : new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = session.Run.Time }
            .AddRetry(new RetryStrategyOptions<AttemptOutcome>
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } outcome && ShouldRetry(outcome, session.Run.Time.GetElapsedTime(started))),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result!.NextDelay),
                OnRetry = args => OnRetry(args.Outcome.Result!),
            }).Build();

        var final = await pipeline.ExecuteAsync(async token => await AttemptAsync(prepare, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (final.Resolution.Action is ResponseAction.Success or ResponseAction.Ignore or ResponseAction.ResetPagination && final.Response is not null)
            return new HttpExchange(step.Text, _method, _url, final.Response, _attempts, final.Resolution.Action) { Id = _exchange };
        throw await FailureAsync(final, cancellationToken).ConfigureAwait(false);
    }

    private bool ShouldRetry(AttemptOutcome outcome, TimeSpan elapsed)
    {
        if (!outcome.Resolution.IsRetry) return false;
        if (elapsed >= handler.MaxTime) { outcome.GaveUp = $"max_time of {handler.MaxTime.TotalSeconds:0} s reached"; return false; }
        try { outcome.NextDelay = Delay(outcome); }
        catch (BackoffLimitExceededException e)
        {
            outcome.Resolution = new ErrorResolution(ResponseAction.Fail, FailureType.TransientError, e.Message);
            return false;
        }
        var remaining = handler.MaxTime - elapsed;
        if (outcome.NextDelay > remaining) outcome.NextDelay = remaining;
        if (cap is null) return true;
        if (outcome.NextDelay > cap.MaxWait) outcome.NextDelay = cap.MaxWait;
        if (cap.Deadline is { } deadline)
        {
            var left = deadline - session.Run.Time.GetUtcNow();
            if (left <= TimeSpan.Zero) { outcome.GaveUp = "the job's timeout was reached"; return false; }
            if (outcome.NextDelay > left) outcome.NextDelay = left;
        }
        return true;
    }

    private TimeSpan Delay(AttemptOutcome outcome)
    {
        foreach (var strategy in handler.BackoffStrategies)
            if (strategy.Backoff(outcome, outcome.Attempt, _backoff) is { } wait) return wait;
        if (outcome.Status is 429 or 503 && RetryAfter(outcome.Header("Retry-After")) is { } retryAfter) return retryAfter;
        if (outcome.Resolution.Action == ResponseAction.RefreshTokenThenRetry) return TimeSpan.Zero;
        return TimeSpan.FromSeconds(Math.Pow(2, outcome.Attempt - 1));
    }

    private TimeSpan? RetryAfter(string? value)
    {
        if (HeaderNumbers.Read(value, null) is { } seconds) return HeaderNumbers.Seconds(seconds);
        return HeaderNumbers.ReadDate(value) is { } date ? HeaderNumbers.Seconds((date - session.Run.Time.GetUtcNow()).TotalSeconds) : null;
    }

    private ValueTask OnRetry(AttemptOutcome outcome)
    {
        if (outcome.Resolution.Action == ResponseAction.RefreshTokenThenRetry) authenticator?.Invalidate(session, _authorization);
        if (session.Run.Events.IsEnabled)
            session.Run.Events.Publish(new HttpRetryScheduled(session.Run.Time.GetUtcNow(), step, outcome.Attempt, _method, _url, outcome.NextDelay,
                session.Run.Redactor.Redact($"{outcome.Describe()}: {outcome.Resolution.Message ?? outcome.Resolution.Action.ToString()}"), _exchange, origin));
        outcome.Response?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<AttemptOutcome> AttemptAsync(Func<CancellationToken, ValueTask<PreparedRequest>> prepare, CancellationToken cancellationToken)
    {
        var attempt = ++_attempts;
        var prepared = await prepare(cancellationToken).ConfigureAwait(false);
        var request = prepared.Message;
        _exchange = session.NextExchange();
        request.Options.Set(HttpSession.ExchangeKey, _exchange);
        request.Version = session.Client.DefaultRequestVersion;
        request.VersionPolicy = session.Client.DefaultVersionPolicy;
        _method = request.Method.Method;
        _authorization = request.Headers.Authorization?.ToString();
        _url = session.Run.Redactor.Redact(UrlCredentials.Mask(request.RequestUri));
        var events = session.Run.Events;
        if (events.IsEnabled)
            events.Publish(new HttpRequestSent(session.Run.Time.GetUtcNow(), step, attempt, _method, _url, RedactedHeaders(request.Headers, request.Content?.Headers),
                prepared.BodyPreview is null ? null : Preview(prepared.BodyPreview), _exchange, origin));

        var started = session.Run.Time.GetTimestamp();
        AttemptOutcome outcome;
        try
        {
            // A header the transport cannot send is the config's fault (a token pasted with a non-ASCII letter): said at once,
            // never retried as a network error; the value is not shown, it is usually a credential.
            if (NonAsciiHeader(request) is { } header)
                outcome = new AttemptOutcome(null, new InvalidOperationException($"header '{header}' holds a non-ASCII character, which HTTP headers cannot carry (check the config value it is made from)")) { Attempt = attempt };
            else
            {
                var sending = session.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var response = await HeadersAsync(sending, attempt, cancellationToken).ConfigureAwait(false);
                outcome = new AttemptOutcome(response, null) { Attempt = attempt };
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or (TaskCanceledException or OperationCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            outcome = new AttemptOutcome(null, e is TaskCanceledException ? new TimeoutException($"no response within {session.Client.Timeout.TotalSeconds:0.###} s", e) : e) { Attempt = attempt };
            if (events.IsEnabled)
                events.Publish(new HttpRequestFailed(session.Run.Time.GetUtcNow(), step, attempt, _method, _url, session.Run.Time.GetElapsedTime(started), session.Run.Redactor.Redact(outcome.Exception!.Message), _exchange, origin));
        }
        finally { request.Dispose(); }

        ErrorResolution? resolution;
        try { resolution = await handler.InterpretAsync(outcome, scope, cancellationToken).ConfigureAwait(false); }
        catch
        {
            outcome.Response?.Dispose();
            throw;
        }
        if (resolution is null)
        {
            resolution = DefaultErrorMapping.Resolve(outcome);
            if (outcome.Status == 401 && authenticator is { CanRefresh: true } && !_refreshedOn401)
            {
                _refreshedOn401 = true;
                resolution = new ErrorResolution(ResponseAction.RefreshTokenThenRetry, FailureType.ConfigError, "HTTP 401: refreshing the token");
            }
        }
        if (session.Options.FailFastWhenUnreachable && Unreachable(outcome.Exception) is { } why)
            resolution = new ErrorResolution(ResponseAction.Fail, FailureType.ConfigError, $"{why}: check the URL; a test read does not retry it");
        outcome.Resolution = resolution;
        if (outcome.Response is not null)
        {
            if (resolution.Action is not (ResponseAction.Success or ResponseAction.Ignore or ResponseAction.ResetPagination))
                await outcome.BodyAsync(cancellationToken).ConfigureAwait(false);
            if (events.IsEnabled)
                events.Publish(new HttpResponseReceived(session.Run.Time.GetUtcNow(), step, attempt, _method, _url, outcome.Status!.Value,
                    outcome.Response.ReasonPhrase ?? "", session.Run.Time.GetElapsedTime(started),
                    RedactedHeaders(outcome.Response.Headers, outcome.Response.Content.Headers),
                    outcome.BodyLoaded ? Preview(await outcome.BodyAsync(cancellationToken).ConfigureAwait(false)) : null, _exchange, origin));
        }
        return outcome;
    }

    /// <summary>The response of <paramref name="sending"/>, saying every <see cref="HttpSessionOptions.HeaderWaitNotice"/> what it still waits for.</summary>
    private async Task<HttpResponseMessage> HeadersAsync(Task<HttpResponseMessage> sending, int attempt, CancellationToken cancellationToken)
    {
        var notice = session.Options.HeaderWaitNotice;
        if (notice <= TimeSpan.Zero || !session.Run.Events.IsEnabled) return await sending.ConfigureAwait(false);
        // Silence on a socket is measured in real time, like the request timeout: a test's manual clock must not see
        // these timers as retry waits, nor jump past a response on its way.
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try { return await sending.WaitAsync(notice, TimeProvider.System, cancellationToken).ConfigureAwait(false); }
            catch (TimeoutException)
            {
                if (sending.IsCompleted) return await sending.ConfigureAwait(false); // it answered as the notice came due
                // _url is already redacted and masked: no credential in the query.
                session.Run.Events.Publish(new HttpStillWaiting(session.Run.Time.GetUtcNow(), step, attempt, _method, _url, System.Diagnostics.Stopwatch.GetElapsedTime(since), _exchange, origin));
            }
        }
    }

    private static string? Unreachable(Exception? e) => (e as HttpRequestException)?.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name does not resolve",
        HttpRequestError.ConnectionError => "no connection to the server",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        _ => null,
    };

    private static string? NonAsciiHeader(HttpRequestMessage request)
    {
        foreach (var (name, values) in request.Headers.NonValidated)
            foreach (var value in values)
                if (!System.Text.Ascii.IsValid(value)) return name;
        if (request.Content is { } content)
            foreach (var (name, values) in content.Headers.NonValidated)
                foreach (var value in values)
                    if (!System.Text.Ascii.IsValid(value)) return name;
        return null;
    }

    private async ValueTask<HttpRequestFailedException> FailureAsync(AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        var resolution = outcome.Resolution;
        var failure = resolution.Action == ResponseAction.RateLimited ? FailureType.TransientError : resolution.FailureType ?? FailureType.SystemError;
        var text = new System.Text.StringBuilder($"{step}: {_method} {_url} ");
        string? excerpt = null;
        if (outcome.Response is { } response)
        {
            using (response)
                excerpt = HttpFailures.Excerpt(await outcome.BodyAsync(cancellationToken).ConfigureAwait(false), ExcerptLength);
            text.Append(outcome.Describe());
            if (excerpt.Length > 0) text.Append(": \"").Append(excerpt).Append('"');
        }
        else text.Append("failed: ").Append(outcome.Exception?.Message);

        var notes = new List<string>(2);
        if (resolution.Message is { } message && !IsStandard(message)) notes.Add(message);
        if (resolution.IsRetry) notes.Add($"gave up after {_attempts} attempt{(_attempts == 1 ? "" : "s")}{(outcome.GaveUp is { } why ? $", {why}" : "")}");
        if (notes.Count > 0) text.Append(" (").AppendJoin("; ", notes).Append(')');
        var redactor = session.Run.Redactor;
        return new HttpRequestFailedException(redactor.Redact(text.ToString()), step.Text, _method, _url, outcome.Status,
            excerpt is null ? null : redactor.Redact(excerpt), failure, _attempts, outcome.Exception);
    }

    /// <summary>The default mapping's messages repeat what the status line already says; a filter's or a strategy's message does not.</summary>
    private static bool IsStandard(string message) =>
        message.StartsWith("HTTP ", StringComparison.Ordinal) || message.StartsWith("unexpected response", StringComparison.Ordinal)
        || message.StartsWith("network error", StringComparison.Ordinal) || message.StartsWith("invalid request", StringComparison.Ordinal);

    private string Preview(string text)
    {
        var limit = session.Options.PreviewLength;
        return session.Run.Redactor.Redact(text.Length <= limit ? text : text[..limit] + "…");
    }

    private List<KeyValuePair<string, string>> RedactedHeaders(System.Net.Http.Headers.HttpHeaders headers, System.Net.Http.Headers.HttpHeaders? content)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var header in headers) list.Add(new(header.Key, session.Run.Redactor.Redact(string.Join(", ", header.Value))));
        if (content is not null)
            foreach (var header in content) list.Add(new(header.Key, session.Run.Redactor.Redact(string.Join(", ", header.Value))));
        return list;
    }
}
