using System.Net;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>What to do with a response (the reference's ResponseAction).</summary>
internal enum ResponseAction { Success, Fail, Retry, Ignore, RateLimited, RefreshTokenThenRetry, ResetPagination }

/// <summary>Who is at fault when a request fails (the Airbyte protocol's failure types).</summary>
public enum FailureType { SystemError, ConfigError, TransientError }

/// <summary>The verdict on one attempt: an action, a failure type for failures, and the message to report.</summary>
internal sealed record ErrorResolution(ResponseAction Action, FailureType? FailureType = null, string? Message = null)
{
    public static ErrorResolution Success { get; } = new(ResponseAction.Success);

    public bool IsRetry => Action is ResponseAction.Retry or ResponseAction.RateLimited or ResponseAction.RefreshTokenThenRetry;

    public static ResponseAction ParseAction(string text) => text switch
    {
        "SUCCESS" => ResponseAction.Success,
        "FAIL" => ResponseAction.Fail,
        "RETRY" => ResponseAction.Retry,
        "IGNORE" => ResponseAction.Ignore,
        "RATE_LIMITED" => ResponseAction.RateLimited,
        "REFRESH_TOKEN_THEN_RETRY" => ResponseAction.RefreshTokenThenRetry,
        "RESET_PAGINATION" => ResponseAction.ResetPagination,
        _ => throw new ArgumentException($"unknown action '{text}'"),
    };

    public static FailureType ParseFailureType(string text) => text switch
    {
        "config_error" => ErrorHandling.FailureType.ConfigError,
        "transient_error" => ErrorHandling.FailureType.TransientError,
        _ => ErrorHandling.FailureType.SystemError,
    };
}

/// <summary>Decides what an attempt's outcome means and how long to wait before the next attempt.</summary>
internal interface IErrorHandler
{
    /// <summary>How many retries after the first attempt; may be a template over config.</summary>
    int MaxRetries(TemplateScope scope);

    /// <summary>The total time the attempts of one request may take, waits included.</summary>
    TimeSpan MaxTime { get; }

    IReadOnlyList<IBackoffStrategy> BackoffStrategies { get; }

    /// <summary>The verdict, or null when no filter of this handler matched (the next handler or the default mapping decides).</summary>
    ValueTask<ErrorResolution?> InterpretAsync(AttemptOutcome outcome, TemplateScope scope, CancellationToken cancellationToken);
}

/// <summary>Computes the wait before a retry; null means "no opinion" and the next strategy is asked.</summary>
internal interface IBackoffStrategy
{
    TimeSpan? Backoff(AttemptOutcome outcome, int attemptsMade, BackoffContext context);
}

/// <summary>What backoff strategies may use besides the outcome: the clock, the jitter source and the template scope.</summary>
internal sealed record BackoffContext(TimeProvider Time, Random Jitter, TemplateScope Scope)
{
    public double NextJitter(double range)
    {
        if (range <= 0) return 0;
        lock (Jitter) return Jitter.NextDouble() * range;
    }
}

/// <summary>The outcome of one attempt: a response (body buffered on demand) or an exception.</summary>
internal sealed class AttemptOutcome(HttpResponseMessage? response, Exception? exception)
{
    private string? _body;
    private object? _json;
    private bool _jsonParsed;

    public HttpResponseMessage? Response { get; } = response;
    public Exception? Exception { get; } = exception;
    public int? Status => Response is null ? null : (int)Response.StatusCode;
    public ErrorResolution Resolution { get; set; } = ErrorResolution.Success;
    public int Attempt { get; init; }

    /// <summary>The wait before the next attempt, decided when the outcome is judged retryable.</summary>
    public TimeSpan NextDelay { get; set; }

    /// <summary>Why retrying stopped early (max_time), for the error message.</summary>
    public string? GaveUp { get; set; }
    public bool BodyLoaded => _body is not null;

    /// <summary>The whole body as text; reading it buffers the content so the caller can still stream it afterwards.</summary>
    public async ValueTask<string> BodyAsync(CancellationToken cancellationToken)
    {
        if (_body is not null) return _body;
        if (Response is null) return _body = "";
        await Response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return _body = await Response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The body as a JSON value, or its text when it is not JSON (what a predicate sees as <c>response</c>).</summary>
    public async ValueTask<object?> JsonAsync(CancellationToken cancellationToken)
    {
        if (_jsonParsed) return _json;
        var text = await BodyAsync(cancellationToken).ConfigureAwait(false);
        try { _json = text.Length == 0 ? Values.JsonValues.NewObject() : Values.JsonValues.Parse(text); }
        catch (System.Text.Json.JsonException) { _json = text; }
        _jsonParsed = true;
        return _json;
    }

    /// <summary>Response headers (content headers included) as a value, first value of each name.</summary>
    public Dictionary<string, object?> HeadersValue() => HttpHeadersValue.Of(Response);

    public string? Header(string name) => HttpHeadersValue.First(Response, name);

    public string Describe() => Response is null
        ? $"failed: {Exception?.Message}"
        : $"returned {(int)Response.StatusCode} {Response.ReasonPhrase ?? ((HttpStatusCode)(int)Response.StatusCode).ToString()}";
}

internal static class HttpHeadersValue
{
    public static Dictionary<string, object?> Of(HttpResponseMessage? response)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (response is null) return result;
        foreach (var header in response.Headers) result[header.Key] = string.Join(", ", header.Value);
        foreach (var header in response.Content.Headers) result[header.Key] = string.Join(", ", header.Value);
        return result;
    }

    public static string? First(HttpResponseMessage? response, string name)
    {
        if (response is null) return null;
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            return values.FirstOrDefault();
        return null;
    }
}
