namespace Siphon.Runs;

/// <summary>The protocol's stream statuses.</summary>
public enum StreamStatus { Started, Running, Complete, Incomplete }

/// <summary>
/// Where a read's output goes: the CLI writes Airbyte RECORD, STATE and stream-status TRACE lines, a destination writes
/// rows, a test collects. Calls are never concurrent (the read loop makes them one at a time) and a stream's STATE always
/// follows the records it covers, so an output that persists records before acknowledging state loses nothing.
/// </summary>
public interface IReadOutput
{
    ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken);

    /// <summary>The stream's whole state (the protocol's per-stream <c>stream_state</c>), to save and pass to the next read.</summary>
    ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken);

    ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken);
}

/// <summary>
/// An output that takes records in batches (<see cref="Records.RecordBatch"/>) and writes them without a dictionary per
/// record. Any other output gets each row of a batch materialised, one <see cref="IReadOutput.RecordAsync"/> per row.
/// </summary>
public interface IBatchReadOutput : IReadOutput
{
    /// <summary>The batch's rows in order, each one record of the stream, exactly as that many <see cref="IReadOutput.RecordAsync"/> calls.</summary>
    ValueTask RecordsAsync(string stream, Records.RecordBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Called on the task that decoded the batch (a download's), before it travels to <see cref="RecordsAsync"/>: an
    /// output may do its per-row work there (the Airbyte output renders the RECORD lines), so that work spreads over
    /// the cores the downloads run on instead of waiting for the one thread that writes. Returns the same rows; must be
    /// safe to call from several threads at once.
    /// </summary>
    Records.RecordBatch Prepare(string stream, Records.RecordBatch batch) => batch;
}

/// <summary>An output that wants to know which slice each record and state came from (a test read groups by slice).</summary>
public interface ISliceAwareReadOutput : IReadOutput
{
    ValueTask RecordAsync(string stream, Partitions.StreamSlice slice, Dictionary<string, object?> record, CancellationToken cancellationToken);

    /// <summary>The slice is the one that just ended, or <see cref="Partitions.StreamSlice.Empty"/> for a checkpoint or the final state.</summary>
    ValueTask StateAsync(string stream, Partitions.StreamSlice slice, Dictionary<string, object?> state, CancellationToken cancellationToken);
}
