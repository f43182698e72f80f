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
