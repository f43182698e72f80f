namespace Siphon.Runs.Protocol;

/// <summary>A read's output as Airbyte protocol lines: RECORD, STATE (per stream) and STREAM_STATUS traces.</summary>
public sealed class AirbyteReadOutput(AirbyteMessageWriter writer) : IBatchReadOutput
{
    private readonly Dictionary<string, long> _sinceState = new(StringComparer.Ordinal);

    public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        writer.WriteRecord(stream, record);
        _sinceState[stream] = _sinceState.GetValueOrDefault(stream) + 1;
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordsAsync(string stream, Records.RecordBatch batch, CancellationToken cancellationToken)
    {
        writer.WriteRecords(stream, batch);
        _sinceState[stream] = _sinceState.GetValueOrDefault(stream) + batch.Count;
        return ValueTask.CompletedTask;
    }

    public Records.RecordBatch Prepare(string stream, Records.RecordBatch batch) => writer.Prepare(stream, batch);

    /// <summary>Each STATE carries <c>sourceStats.recordCount</c>: the stream's records since its previous STATE.</summary>
    public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        writer.WriteState(stream, state, _sinceState.GetValueOrDefault(stream));
        _sinceState[stream] = 0;
        return ValueTask.CompletedTask;
    }

    public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken)
    {
        writer.WriteStreamStatus(stream, status);
        return ValueTask.CompletedTask;
    }
}
