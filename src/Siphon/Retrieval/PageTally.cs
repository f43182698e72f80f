using Siphon.Records;

namespace Siphon.Retrieval;

/// <summary>What a page's batches held: the records read (kept or not) and the last one, which a paginator may read.</summary>
internal sealed class PageTally
{
    public int Count { get; private set; }

    /// <summary>
    /// The last record read. A batch's last row is taken as a record when the batch is read, not when a paginator asks:
    /// by then the batch may have been written and its rows released to the pool (one record per batch, a few hundred
    /// rows each).
    /// </summary>
    public Dictionary<string, object?>? Last { get; set; }

    public void Read(RecordBatch batch)
    {
        Count += batch.Count;
        Last = batch.Count > 0 ? batch.Materialize(batch.Count - 1) : null;
    }
}
