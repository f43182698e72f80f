namespace Siphon;

/// <summary>
/// A stream's state as a mutable mapping that the read loop checkpoints: the cursor writes its position here and an
/// async retriever its running jobs, so a read started from the last checkpoint resumes both. Thread-safe.
/// </summary>
public sealed class StreamStateStore
{
    private readonly Lock _gate = new();
    private Dictionary<string, object?> _state;
    private readonly Dictionary<string, object?> _whenComplete = new(StringComparer.Ordinal);

    public StreamStateStore(Dictionary<string, object?>? initial = null) => _state = initial ?? Values.JsonValues.NewObject();

    public object? Get(string key)
    {
        lock (_gate) return _state.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>Sets (or, with null, removes) a key; a change that must be output at once also asks <see cref="Retrieval.ICrashSafety.RequestCheckpoint"/>.</summary>
    public void Set(string key, object? value)
    {
        lock (_gate)
        {
            if (value is null) _state.Remove(key);
            else _state[key] = value;
        }
    }

    /// <summary>
    /// Sets a value that becomes part of the state only when the whole read of the stream completed (a parent's state,
    /// which must not be saved before every child partition it led to was read).
    /// </summary>
    public void SetWhenComplete(string key, object? value)
    {
        lock (_gate) _whenComplete[key] = value;
    }

    /// <summary>Called by the read loop once every slice was read: applies what <see cref="SetWhenComplete"/> held back.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var (key, value) in _whenComplete)
                if (value is null) _state.Remove(key);
                else _state[key] = value;
            _whenComplete.Clear();
        }
    }

    public bool IsEmpty
    {
        get { lock (_gate) return _state.Count == 0; }
    }

    /// <summary>A deep-enough copy to serialise while other threads go on changing the state.</summary>
    public Dictionary<string, object?> Snapshot()
    {
        lock (_gate) return (Dictionary<string, object?>)Values.JsonValues.Parse(Values.JsonValues.ToJson(_state))!;
    }
}
