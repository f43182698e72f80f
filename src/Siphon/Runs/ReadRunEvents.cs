namespace Siphon.Runs;

// Events of the read loop. Step's text is the stream's name; its kind is Read for the loop's own events, Page for a page's.

/// <summary>A slice (a partition's window) was handed to the retriever.</summary>
public sealed record SliceStarted(DateTimeOffset Timestamp, Step Step, string Stream, string Slice) : RunEvent(Timestamp, Step);

/// <summary>Every record of a slice was read.</summary>
public sealed record SliceCompleted(DateTimeOffset Timestamp, Step Step, string Stream, string Slice) : RunEvent(Timestamp, Step);

/// <summary>A stream's state was emitted.</summary>
public sealed record StateEmitted(DateTimeOffset Timestamp, Step Step, string Stream, string State) : RunEvent(Timestamp, Step);

/// <summary>A stream started, completed or failed.</summary>
public sealed record StreamStatusChanged(DateTimeOffset Timestamp, Step Step, string Stream, StreamStatus Status, string? Error) : RunEvent(Timestamp, Step);

/// <summary>A page was read: <see cref="Records"/> records of it passed the selector. <see cref="Exchange"/> is its response's attempt.</summary>
public sealed record PageRead(DateTimeOffset Timestamp, Step Step, string Stream, string Slice, long Exchange, int Records) : RunEvent(Timestamp, Step);

/// <summary>A read limit stopped the stream while more data existed (<see cref="Limit"/>: "slices" or "pages"; the slice for pages).</summary>
public sealed record ReadLimitReached(DateTimeOffset Timestamp, Step Step, string Stream, string Limit, string? Slice) : RunEvent(Timestamp, Step);

/// <summary>
/// A slice's pagination restarted from the first page (<c>PaginationReset</c>): <see cref="Reason"/> says what triggered
/// it, <see cref="Slice"/> is what the slice reads from now on (narrowed to start at the last cursor value for SPLIT_USING_CURSOR).
/// </summary>
public sealed record PaginationWasReset(DateTimeOffset Timestamp, Step Step, string Stream, string Slice, string Reason) : RunEvent(Timestamp, Step);
