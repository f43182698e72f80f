
namespace Siphon.Jobs;

/// <summary>Which job an event is about: its stream, slice, attempt and the provider's id when one could be read.</summary>
public readonly record struct JobRef(string Stream, string Slice, int Attempt, string JobId);

public sealed record JobCreated(DateTimeOffset Timestamp, Step Step, JobRef Job, bool Resumed) : RunEvent(Timestamp, Step);

public sealed record JobPolled(DateTimeOffset Timestamp, Step Step, JobRef Job, int Poll, string RawStatus, JobStatus Status, TimeSpan? NextPollIn)
    : RunEvent(Timestamp, Step);

public sealed record JobFinished(DateTimeOffset Timestamp, Step Step, JobRef Job, JobStatus Status, string? Reason) : RunEvent(Timestamp, Step);

public sealed record JobAborted(DateTimeOffset Timestamp, Step Step, JobRef Job, string Reason, bool Succeeded) : RunEvent(Timestamp, Step);

public sealed record JobDeleted(DateTimeOffset Timestamp, Step Step, JobRef Job, bool Succeeded) : RunEvent(Timestamp, Step);

public sealed record DownloadStarted(DateTimeOffset Timestamp, Step Step, JobRef Job, int Target, string DownloadTarget) : RunEvent(Timestamp, Step);

public sealed record DownloadFinished(DateTimeOffset Timestamp, Step Step, JobRef Job, int Target, long Records) : RunEvent(Timestamp, Step);

/// <summary>A problem that a retry fixed or that only affects one slice: reported, not fatal.</summary>
public sealed record JobWarning(DateTimeOffset Timestamp, Step Step, JobRef Job, string Message) : RunEvent(Timestamp, Step);
