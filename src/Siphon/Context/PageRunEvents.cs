namespace Siphon;

// Events of a page read, published below the read loop (by the page reader and the synchronous retriever). Step's text
// is the stream's name.

/// <summary>A page was read: <see cref="Records"/> records of it passed the selector. <see cref="Exchange"/> is its response's attempt.</summary>
public sealed record PageRead(DateTimeOffset Timestamp, Step Step, string Stream, string Slice, long Exchange, int Records) : RunEvent(Timestamp, Step);

/// <summary>A read limit stopped the stream while more data existed (<see cref="Limit"/>: "slices" or "pages"; the slice for pages).</summary>
public sealed record ReadLimitReached(DateTimeOffset Timestamp, Step Step, string Stream, string Limit, string? Slice) : RunEvent(Timestamp, Step);

/// <summary>
/// A slice's pagination restarted from the first page (<c>PaginationReset</c>): <see cref="Reason"/> says what triggered
/// it, <see cref="Slice"/> is what the slice reads from now on (narrowed to start at the last cursor value for SPLIT_USING_CURSOR).
/// </summary>
public sealed record PaginationWasReset(DateTimeOffset Timestamp, Step Step, string Stream, string Slice, string Reason) : RunEvent(Timestamp, Step);
