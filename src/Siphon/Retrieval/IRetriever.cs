using Siphon.Partitions;

namespace Siphon.Retrieval;

/// <summary>
/// What a retriever yields: a record of a slice, or (with <see cref="Record"/> null) the end of a slice, after which the
/// read loop may advance the cursor and emit state. Records of one slice always come before that slice's end.
/// </summary>
public readonly record struct RetrievedItem(StreamSlice Slice, Dictionary<string, object?>? Record)
{
    public bool IsSliceEnd => Record is null;

    /// <summary>Which part of the slice's data the record came from (an async job's file), for <see cref="SliceHooks.SaveProgress"/>.</summary>
    public int Part { get; init; }

    /// <summary>What the read loop does for this item's slice around states; null for retrievers that need nothing.</summary>
    public SliceHooks? Hooks { get; init; }

    public static RetrievedItem SliceEnd(StreamSlice slice, SliceHooks? hooks = null) => new(slice, null) { Hooks = hooks };
}

/// <summary>
/// How a retriever that reads a slice from durable provider jobs keeps a crash from losing or repeating records: the
/// read loop calls these around the states it emits (an async job's slice shares one instance among its items).
/// </summary>
public sealed class SliceHooks
{
    /// <summary>
    /// Saves how many records of each part of the (still open) slice were output, so a read resumed from a state taken
    /// mid-slice skips them; false when the slice cannot resume part-way (the state then waits for the slice's end).
    /// </summary>
    public Func<IReadOnlyDictionary<int, long>, bool>? SaveProgress { get; init; }

    /// <summary>State changes that belong to the slice's end, made just before the state covering it is taken.</summary>
    public Action? BeforeState { get; init; }

    /// <summary>
    /// Work that waits until the state covering the slice's end was output (and so saved): deleting the provider's job,
    /// whose records a crash before that point would have to read again.
    /// </summary>
    public Func<Task>? AfterCommit { get; init; }
}

/// <summary>
/// Reads the records of a stream's slices. A synchronous retriever reads slice after slice (paginating each); an
/// asynchronous one creates a job per slice, several at once, and yields each slice when its job's download is read.
/// </summary>
public interface IRetriever
{
    /// <summary>The slices this retriever reads when the caller has no cursor of its own to slice by (partition routers).</summary>
    IAsyncEnumerable<StreamSlice> SlicesAsync(RetrievalContext context, CancellationToken cancellationToken);

    IAsyncEnumerable<RetrievedItem> ReadAsync(IAsyncEnumerable<StreamSlice> slices, RetrievalContext context, CancellationToken cancellationToken);
}
