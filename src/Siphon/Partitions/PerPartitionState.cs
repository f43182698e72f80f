using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// The state shape the reference writes for a partitioned incremental stream (its ConcurrentPerPartitionCursor):
/// <c>{"use_global_cursor": false, "states": [{"partition": {...}, "cursor": {field: value}}], "state": {field: value},
/// "lookback_window": seconds, "parent_state": {...}}</c>. <c>state</c> is the newest cursor value of the last complete
/// read, where a partition without a state of its own starts (<c>lookback_window</c>, the length of that read, before
/// it); past <see cref="SwitchToGlobalLimit"/> partitions the reference keeps only that global cursor. A state of the
/// bare form <c>{field: value}</c> (Siphon's older global shape, or the reference's sequential one) is a global state.
/// A partition's cursor may also hold Siphon's <see cref="ReadThroughKey"/> beside the value, which the reference ignores.
/// </summary>
internal sealed record PerPartitionState(
    IReadOnlyList<(IReadOnlyDictionary<string, object?> Partition, object? Value, object? ReadThrough)> States,
    object? Global,
    bool UseGlobalCursor,
    long LookbackSeconds)
{
    /// <summary>The reference's partition count beyond which a stream keeps only the global cursor.</summary>
    public const int SwitchToGlobalLimit = 10_000;

    /// <summary>
    /// Siphon's own key beside a cursor value: the end of the last window read and committed whole, where a consumer
    /// that commits records and state together resumes (<see cref="CursorResume.AfterCommittedWindows"/>).
    /// </summary>
    public const string ReadThroughKey = "siphon_read_through";

    private const string StatesKey = "states", GlobalKey = "state", UseGlobalKey = "use_global_cursor", LookbackKey = "lookback_window";

    public static PerPartitionState Read(StreamStateStore store, string cursorField)
    {
        var states = new List<(IReadOnlyDictionary<string, object?>, object?, object?)>();
        if (store.Get(StatesKey) is List<object?> entries)
            foreach (var entry in entries.OfType<IReadOnlyDictionary<string, object?>>())
                if (entry.GetValueOrDefault("partition") is IReadOnlyDictionary<string, object?> partition)
                {
                    var cursor = entry.GetValueOrDefault("cursor") as IReadOnlyDictionary<string, object?>;
                    states.Add((partition, cursor?.GetValueOrDefault(cursorField), cursor?.GetValueOrDefault(ReadThroughKey)));
                }
        var global = (store.Get(GlobalKey) as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault(cursorField) ?? store.Get(cursorField);
        var lookback = store.Get(LookbackKey) switch
        {
            long seconds => seconds,
            double seconds => (long)Math.Ceiling(seconds),
            _ => 0,
        };
        return new PerPartitionState(states, global, store.Get(UseGlobalKey) is true, lookback);
    }

    /// <summary>Writes the shape, leaving <c>parent_state</c> (the router's) and Siphon's own keys as they are.</summary>
    public void Write(StreamStateStore store, string cursorField)
    {
        store.Set(UseGlobalKey, UseGlobalCursor);
        if (UseGlobalCursor) store.Set(StatesKey, null);
        else
        {
            var states = new List<object?>(States.Count);
            foreach (var (partition, value, readThrough) in States)
            {
                var cursor = JsonValues.NewObject(2);
                cursor[cursorField] = value;
                if (readThrough is not null) cursor[ReadThroughKey] = readThrough;
                var entry = JsonValues.NewObject(2);
                entry["partition"] = partition;
                entry["cursor"] = cursor;
                states.Add(entry);
            }
            store.Set(StatesKey, states);
        }
        if (Global is not null)
        {
            var global = JsonValues.NewObject(1);
            global[cursorField] = Global;
            store.Set(GlobalKey, global);
        }
        store.Set(LookbackKey, LookbackSeconds);
        // The bare {field: value} is the stream-wide shape; beside "state" it would be a second, stale global.
        store.Set(cursorField, null);
    }
}
