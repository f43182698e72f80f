using Siphon.Partitions;

namespace Siphon.Retrieval;

/// <summary>
/// What a retriever yields: a record of a slice, or (with <see cref="Record"/> null) the end of a slice, after which the
/// read loop may advance the cursor and emit state. Records of one slice always come before that slice's end.
/// </summary>
public readonly record struct RetrievedItem(StreamSlice Slice, Dictionary<string, object?>? Record)
{
    public bool IsSliceEnd => Record is null;

    /// <summary>Which part of the slice's data the record came from (an async job's file), for <see cref="IDurableSlice.SaveProgress"/>.</summary>
    public int Part { get; init; }

    /// <summary>The slice's part in the crash-safety protocol (<see cref="ICrashSafety"/>); null for retrievers that need nothing.</summary>
    public IDurableSlice? Durable { get; init; }

    public static RetrievedItem SliceEnd(StreamSlice slice, IDurableSlice? durable = null) => new(slice, null) { Durable = durable };
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
