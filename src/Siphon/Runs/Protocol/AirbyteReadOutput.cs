namespace Siphon.Runs.Protocol;

/// <summary>A read's output as Airbyte protocol lines: RECORD, STATE (per stream) and STREAM_STATUS traces.</summary>
public sealed class AirbyteReadOutput(AirbyteMessageWriter writer) : IReadOutput
{
    public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        writer.WriteRecord(stream, record);
        return ValueTask.CompletedTask;
    }

    public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        writer.WriteState(stream, state);
        return ValueTask.CompletedTask;
    }

    public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken)
    {
        writer.WriteStreamStatus(stream, status);
        return ValueTask.CompletedTask;
    }
}
