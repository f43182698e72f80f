using Siphon.Partitions;

namespace Siphon.Retrieval;

/// <summary>
/// What a retriever yields: a record of a slice, a batch of them (<see cref="Batch"/>), or (with both null) the end of a
/// slice, after which the read loop may advance the cursor and emit state. Records of one slice always come before that
/// slice's end.
/// </summary>
public readonly record struct RetrievedItem(StreamSlice Slice, Dictionary<string, object?>? Record)
{
    public bool IsSliceEnd => Record is null && Batch is null;

    /// <summary>Records of the slice carried together instead of <see cref="Record"/>; each row counts as one record.</summary>
    public Records.RecordBatch? Batch { get; init; }

    /// <summary>Which part of the slice's data the record (or batch) came from (an async job's file), for <see cref="IDurableSlice.SaveProgress"/>.</summary>
    public int Part { get; init; }

    /// <summary>The slice's part in the crash-safety protocol (<see cref="ICrashSafety"/>); null for retrievers that need nothing.</summary>
    public IDurableSlice? Durable { get; init; }

    /// <summary>The item's records as dictionaries: its <see cref="Record"/>, or each row of its <see cref="Batch"/> materialised.</summary>
    public IEnumerable<Dictionary<string, object?>> Records() =>
        Batch is { } batch ? batch.Records() : Record is { } record ? [record] : [];

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
