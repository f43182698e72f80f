namespace Siphon.Runs;

// Every field of these events is redacted at the source: secrets never reach a sink.

/// <summary>A request is about to go on the wire (one per attempt).</summary>
public sealed record HttpRequestSent(
    DateTimeOffset Timestamp, string Step, int Attempt, string Method, string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string? BodyPreview) : RunEvent(Timestamp, Step);

/// <summary>Response headers arrived (the body may still be streaming). <see cref="BodyPreview"/> is set only when the body was read whole.</summary>
public sealed record HttpResponseReceived(
    DateTimeOffset Timestamp, string Step, int Attempt, string Method, string Url, int Status, string Reason, TimeSpan Duration,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string? BodyPreview) : RunEvent(Timestamp, Step);

/// <summary>A request failed without a response (connection refused, reset, timeout).</summary>
public sealed record HttpRequestFailed(
    DateTimeOffset Timestamp, string Step, int Attempt, string Method, string Url, TimeSpan Duration, string Error) : RunEvent(Timestamp, Step);

/// <summary>An attempt failed and another will be made after <see cref="Delay"/>.</summary>
public sealed record HttpRetryScheduled(
    DateTimeOffset Timestamp, string Step, int Attempt, string Method, string Url, TimeSpan Delay, string Reason) : RunEvent(Timestamp, Step);

/// <summary>
/// The connector's configuration changed during the run (an OAuth refresh token was rotated); <see cref="Config"/>
/// is the whole new configuration, to be persisted by the platform. This event is the one place secrets travel on purpose.
/// </summary>
public sealed record ConfigUpdated(DateTimeOffset Timestamp, string Step, IReadOnlyDictionary<string, object?> Config) : RunEvent(Timestamp, Step);
