using Siphon.Records;

namespace Siphon.Decoding;

/// <summary>
/// A decoder that can hand out its rows in batches (<see cref="RecordBatch"/>) rather than one value at a time: the
/// read path then carries the rows without a dictionary per record. Only rows that are whole records qualify (an empty
/// field path), so a batch's rows are exactly the records <see cref="IRecordDecoder.DecodeAsync"/> would yield.
/// </summary>
public interface IBatchDecoder : IRecordDecoder
{
    /// <summary>False when this instance cannot batch after all (a gzip decoder around a decoder that cannot).</summary>
    bool CanBatch { get; }

    /// <summary>
    /// The body's records, in order, in batches of at least one row. A batch is handed on as soon as the body has to
    /// wait, so batching never holds a record back while nothing else is coming; on an error, the rows decoded before it
    /// come first.
    /// </summary>
    IAsyncEnumerable<RecordBatch> DecodeBatchesAsync(Stream body, DecodeContext context, CancellationToken cancellationToken);
}
