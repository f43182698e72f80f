using Siphon.Partitions;

namespace Siphon.Retrieval;

/// <summary>
/// What a retriever yields: a record of a slice, or (with <see cref="Record"/> null) the end of a slice, after which the
/// read loop may advance the cursor and emit state. Records of one slice always come before that slice's end.
/// </summary>
public readonly record struct RetrievedItem(StreamSlice Slice, Dictionary<string, object?>? Record)
{
    public bool IsSliceEnd => Record is null;

    /// <summary>
    /// Work that must wait until the state covering this slice end was output (and so saved): deleting the provider's
    /// job, whose records a crash before that point would have to read again.
    /// </summary>
    public Func<Task>? AfterCommit { get; init; }

    /// <summary>State changes that belong to this slice end, made just before the state covering it is taken.</summary>
    public Action? BeforeState { get; init; }

    /// <summary>Which part of the slice's data the record came from (an async job's file), for <see cref="SaveProgress"/>.</summary>
    public int Part { get; init; }

    /// <summary>
    /// Saves how many records of each part of this record's (still open) slice were output, so a read resumed from a
    /// state taken mid-slice skips them; false when the slice cannot resume part-way. Null: the retriever cannot.
    /// </summary>
    public Func<IReadOnlyDictionary<int, long>, bool>? SaveProgress { get; init; }

    public static RetrievedItem SliceEnd(StreamSlice slice, Func<Task>? afterCommit = null, Action? beforeState = null) =>
        new(slice, null) { AfterCommit = afterCommit, BeforeState = beforeState };
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
