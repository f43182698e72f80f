using Siphon.Runs;

namespace Siphon.Reliability.Tests.Support;

/// <summary>Keeps what a read produced; records and states can be dropped while counting, for runs too big to hold.</summary>
public sealed class CollectingOutput(bool keepRecords = true) : IReadOutput
{
    private readonly Siphon.Simulator.ChecksumAccumulator _sum = new();

    public List<Dictionary<string, object?>> Records { get; } = [];
    public List<Dictionary<string, object?>> States { get; } = [];
    public Dictionary<string, object?>? LastState { get; private set; }
    public long StateCount { get; private set; }
    public List<StreamStatus> Statuses { get; } = [];
    public long Count { get; private set; }

    /// <summary>Records output before the last state: what a destination committed when the read ended.</summary>
    public long CountAtLastState { get; private set; }

    /// <summary>Called with the running count after each record (a test that stops the read mid-download).</summary>
    public Action<long>? OnRecord { get; init; }

    /// <summary>Count and checksum of every record seen, kept or not.</summary>
    public Siphon.Simulator.ExpectedRecords Checksum => keepRecords ? RecordSet.Of(Records) : new(_sum.Count, _sum.Checksum);

    public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        Count++;
        if (keepRecords) Records.Add(record);
        else _sum.Add(record.Select(p => new KeyValuePair<string, string?>(p.Key, RecordSet.Text(p.Value))));
        OnRecord?.Invoke(Count);
        return ValueTask.CompletedTask;
    }

    public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        StateCount++;
        LastState = state;
        CountAtLastState = Count;
        if (keepRecords) States.Add(state);
        return ValueTask.CompletedTask;
    }

    public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken)
    {
        Statuses.Add(status);
        return ValueTask.CompletedTask;
    }
}
