namespace Siphon.Http.ErrorHandling;

/// <summary>
/// The reference's verdict when no response filter matched: 2xx/3xx succeed; 400/404/405 fail (system error);
/// 401/403 fail (config error); 429 is rate-limited; 408 and 5xx are retried; network errors are retried; any other
/// status is retried as an unexpected response.
/// </summary>
internal static class DefaultErrorMapping
{
    public static ErrorResolution Resolve(AttemptOutcome outcome)
    {
        if (outcome.Exception is { } refused && (refused as AddressRefusedException ?? refused.InnerException as AddressRefusedException) is { } policy)
            return new(ResponseAction.Fail, FailureType.ConfigError, policy.Message);
        if (outcome.Response is null)
            return outcome.Exception is InvalidOperationException or NotSupportedException or UriFormatException
                ? new(ResponseAction.Fail, FailureType.ConfigError, $"invalid request: {outcome.Exception.Message}")
                : new(ResponseAction.Retry, FailureType.TransientError, $"network error: {outcome.Exception?.Message}");
        var status = outcome.Status!.Value;
        return status switch
        {
            < 400 => ErrorResolution.Success,
            400 => new(ResponseAction.Fail, FailureType.SystemError, "HTTP 400 Bad Request: the request was rejected"),
            401 => new(ResponseAction.Fail, FailureType.ConfigError, "HTTP 401 Unauthorized: check your credentials"),
            403 => new(ResponseAction.Fail, FailureType.ConfigError, "HTTP 403 Forbidden: the credentials lack permission"),
            404 => new(ResponseAction.Fail, FailureType.SystemError, "HTTP 404 Not Found"),
            405 => new(ResponseAction.Fail, FailureType.SystemError, "HTTP 405 Method Not Allowed"),
            408 => new(ResponseAction.Retry, FailureType.TransientError, "HTTP 408 Request Timeout"),
            429 => new(ResponseAction.RateLimited, FailureType.TransientError, "HTTP 429 Too Many Requests: rate limited"),
            500 or 502 or 503 or 504 => new(ResponseAction.Retry, FailureType.TransientError, $"HTTP {status}: server error"),
            _ => new(ResponseAction.Retry, FailureType.SystemError, $"unexpected response with HTTP status {status}"),
        };
    }
}
