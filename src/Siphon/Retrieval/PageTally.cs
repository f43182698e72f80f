using Siphon.Records;

namespace Siphon.Retrieval;

/// <summary>What a page's batches held: the records read (kept or not) and the last one, which a paginator may read.</summary>
internal sealed class PageTally
{
    private RecordBatch? _lastBatch;
    private Dictionary<string, object?>? _last;

    public int Count { get; private set; }

    /// <summary>The last record read; a batch that passed whole gives its last row, materialised only when asked.</summary>
    public Dictionary<string, object?>? Last
    {
        get => _last ??= _lastBatch is { Count: > 0 } batch ? batch.Materialize(batch.Count - 1) : null;
        set => _last = value;
    }

    public void Read(RecordBatch batch)
    {
        Count += batch.Count;
        _lastBatch = batch;
        _last = null;
    }
}
