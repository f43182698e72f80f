using Siphon.Retrieval;

namespace Siphon.Runs;

/// <summary>
/// The read loop's bookkeeping for step 3 of <see cref="ICrashSafety"/>: what of the slice being output has gone out. Between a slice's first record and its end, a state commits part of
/// the slice, so it must also say how far each part (an async job's file) got, or wait for the slice's end when the
/// retriever cannot resume part-way; otherwise a resumed read would output those records again.
/// </summary>
internal sealed class OpenSlice
{
    private readonly Dictionary<int, long> _counts = [];
    private IDurableSlice? _durable;
    private bool _open;

    /// <summary>Records output since the last state.</summary>
    public long SinceState { get; private set; }

    /// <summary><paramref name="count"/> records of <paramref name="part"/> were read (output or not: a resumed download skips them either way).</summary>
    public void Read(int part, IDurableSlice? durable, int count = 1)
    {
        _counts[part] = _counts.GetValueOrDefault(part) + count;
        _durable = durable;
    }

    public void Output(int count = 1)
    {
        _open = true;
        SinceState += count;
    }

    /// <summary>Whether a state may be taken now; when a slice is open, its progress is saved into the state first.</summary>
    public bool TryCheckpoint()
    {
        if (_open && _durable?.SaveProgress(_counts) != true) return false;
        SinceState = 0;
        return true;
    }

    /// <summary>The slice ended: its end's state covers it whole.</summary>
    public void Close()
    {
        _open = false;
        _counts.Clear();
        _durable = null;
        SinceState = 0;
    }
}
