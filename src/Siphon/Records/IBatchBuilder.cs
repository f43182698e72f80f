namespace Siphon.Records;

/// <summary>Collects decoded rows until they go out as one batch (a CSV body's cells, a JSONL body's lines).</summary>
internal interface IBatchBuilder
{
    /// <summary>The rows collected since the last batch.</summary>
    int Rows { get; }

    /// <summary>Whether the batch should go now, before its storage grows further.</summary>
    bool IsFull { get; }

    /// <summary>The rows collected, as a batch; the builder starts afresh.</summary>
    RecordBatch Build();
}
