namespace Siphon;

// Every field of these events is redacted at the source: secrets never reach a sink. Exchange numbers each attempt of
// the session (it is also set on the request as HttpSession.ExchangeKey, so a message handler can match its bytes);
// Origin says which stream, slice and job the request served (null for the connector's own requests, e.g. a token).

/// <summary>Which stream, slice and (for the steps of an async job) job attempt and provider job id a request served.</summary>
public sealed record RequestOrigin(string Stream, string Slice, int? JobAttempt = null, string? JobId = null);

/// <summary>A request is about to go on the wire (one per attempt).</summary>
public sealed record HttpRequestSent(
    DateTimeOffset Timestamp, Step Step, int Attempt, string Method, string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string? BodyPreview, long Exchange = 0, RequestOrigin? Origin = null) : RunEvent(Timestamp, Step);

/// <summary>Response headers arrived (the body may still be streaming). <see cref="BodyPreview"/> is set only when the body was read whole.</summary>
public sealed record HttpResponseReceived(
    DateTimeOffset Timestamp, Step Step, int Attempt, string Method, string Url, int Status, string Reason, TimeSpan Duration,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string? BodyPreview, long Exchange = 0, RequestOrigin? Origin = null) : RunEvent(Timestamp, Step);

/// <summary>A request failed without a response (connection refused, reset, timeout).</summary>
public sealed record HttpRequestFailed(
    DateTimeOffset Timestamp, Step Step, int Attempt, string Method, string Url, TimeSpan Duration, string Error, long Exchange = 0, RequestOrigin? Origin = null) : RunEvent(Timestamp, Step);

/// <summary>
/// An attempt has waited <see cref="Waited"/> for its response headers and goes on waiting (published every
/// <see cref="Http.HttpSessionOptions.HeaderWaitNotice"/>), so that a server that never answers is not silence.
/// </summary>
public sealed record HttpStillWaiting(
    DateTimeOffset Timestamp, Step Step, int Attempt, string Method, string Url, TimeSpan Waited, long Exchange = 0, RequestOrigin? Origin = null) : RunEvent(Timestamp, Step);

/// <summary>An attempt failed and another will be made after <see cref="Delay"/>.</summary>
public sealed record HttpRetryScheduled(
    DateTimeOffset Timestamp, Step Step, int Attempt, string Method, string Url, TimeSpan Delay, string Reason, long Exchange = 0, RequestOrigin? Origin = null) : RunEvent(Timestamp, Step);

/// <summary>
/// The connector's configuration changed during the run (an OAuth refresh token was rotated); <see cref="Config"/>
/// is the whole new configuration, to be persisted by the platform. This event is the one place secrets travel on purpose.
/// </summary>
public sealed record ConfigUpdated(DateTimeOffset Timestamp, Step Step, IReadOnlyDictionary<string, object?> Config) : RunEvent(Timestamp, Step);
