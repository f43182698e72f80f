using Siphon.Http;
using Siphon.Templates;

namespace Siphon.Partitions;

/// <summary>
/// A stream's incremental cursor as built from the manifest (immutable). Each read begins a <see cref="CursorRun"/>
/// that slices partitions into windows, tracks which windows completed and writes the stream's state.
/// </summary>
public abstract class StreamCursor
{
    internal abstract CursorRun Begin(StreamStateStore state, TemplateScope scope, CursorResume resume);
}

/// <summary>The per-read side of a cursor. Thread-safe: slices close concurrently.</summary>
internal abstract class CursorRun
{
    /// <summary>The windows of one partition still to read, each the partition with its cursor slice set.</summary>
    public abstract IEnumerable<StreamSlice> Windows(StreamSlice partition);

    /// <summary>Start/end values injected into the slice's requests.</summary>
    public abstract void AddRequestOptions(StreamSlice slice, List<InjectedOption> options);

    /// <summary>Marks a window read and advances the state as far as every earlier window of its partition is read.</summary>
    public abstract void Close(StreamSlice slice);

    /// <summary>Called once every slice was read: writes what is only safe to write at the end.</summary>
    public abstract void Complete();

    /// <summary>False for a record a client-side incremental cursor drops (outside its slice's window).</summary>
    public abstract bool ShouldEmit(Dictionary<string, object?> record, StreamSlice slice);

    /// <summary>Notes an emitted record of the slice: the state follows the records read, not the windows asked for.</summary>
    public virtual void Observe(Dictionary<string, object?> record, StreamSlice slice)
    {
    }

    /// <summary>
    /// The record's cursor value as a narrowed slice could start from it (so two values that would give the same start
    /// are equal), for <c>PaginationReset</c>'s SPLIT_USING_CURSOR; null when the record has none or the cursor cannot narrow.
    /// </summary>
    public virtual IComparable? SplitValue(Dictionary<string, object?> record) => null;

    /// <summary>The slice narrowed to start at <paramref name="value"/> (inclusive), its end kept; null when the cursor cannot narrow it.</summary>
    public virtual StreamSlice? StartingAt(StreamSlice slice, IComparable value) => null;

    /// <summary>True when a data-feed cursor sees a record older than its window: pagination of the slice stops.</summary>
    public abstract bool StopsPagination(Dictionary<string, object?> record, StreamSlice slice);
}
