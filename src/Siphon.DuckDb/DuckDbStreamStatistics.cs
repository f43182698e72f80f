namespace Siphon.DuckDb;

/// <summary>
/// What the destination did for one stream, for the CLI's summary table. "Committed" counts only what a
/// checkpoint or the stream's completion made durable; records written after the last one are not counted there.
/// </summary>
/// <param name="Stream">The stream's name.</param>
/// <param name="Table">The (sanitised) table it is written to.</param>
/// <param name="RecordsReceived">Records handed to <see cref="DuckDbDestination.WriteAsync"/>.</param>
/// <param name="RowsCommitted">Rows inserted into the table by committed batches.</param>
/// <param name="RowsReplaced">Rows a committed batch replaced: by primary key (rows of earlier batches, and rows of the same
/// batch that were appended straight to the table because their key was new), or the old contents on a full refresh.</param>
/// <param name="RowsDeduplicated">Staged rows dropped because a later staged record of the same batch had the same key.</param>
/// <param name="Batches">Committed batches that carried rows.</param>
/// <param name="Checkpoints">States committed.</param>
/// <param name="ValuesRejected">Values that did not fit their column's type and went to <c>_siphon_extra</c> instead.</param>
/// <param name="ApproximateBytes">Rough size of the appended values (string characters plus 8 per scalar), cheap to count.</param>
public sealed record DuckDbStreamStatistics(
    string Stream,
    string Table,
    long RecordsReceived,
    long RowsCommitted,
    long RowsReplaced,
    long RowsDeduplicated,
    long Batches,
    long Checkpoints,
    long ValuesRejected,
    long ApproximateBytes);
