using Siphon.Http;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Runs;
using Siphon.Templates;

namespace Siphon.Retrieval;

/// <summary>
/// What a retriever needs during one read of one stream: the run's HTTP session (client, events, redaction, clock),
/// the base template scope (<c>config</c>), the stream's transformations and its durable state.
/// </summary>
public sealed class RetrievalContext
{
    public required string StreamName { get; init; }
    public required HttpSession Session { get; init; }

    /// <summary>Holds <c>config</c> (and nothing slice-specific); retrievers add <c>stream_slice</c> and the rest.</summary>
    public required TemplateScope Scope { get; init; }

    public IReadOnlyList<IRecordTransformation> Transformations { get; init; } = [];

    /// <summary>The stream's durable state (cursor values, running async jobs), shared with the read loop.</summary>
    public StreamStateStore State { get; init; } = new();

    /// <summary>How many async jobs may run at once; the read loop gives every stream of a run the same budget.</summary>
    public Jobs.JobBudget JobBudget { get; init; } = new(1);

    /// <summary>Whether a stopped read aborts its running jobs (a test read) or leaves them for a resumed read (a sync or read).</summary>
    public bool AbortJobsOnCancel { get; init; } = true;

    /// <summary>Where the stream's cursor, and its parents', resume from a saved state.</summary>
    internal Partitions.CursorResume Resume { get; init; }

    /// <summary>
    /// The read loop's side of the crash-safety protocol: it takes checkpoints and runs each durable slice's
    /// <see cref="IDurableSlice.AfterCommitAsync"/> once the state covering the slice was output. Null when the retriever
    /// is read without a read loop: it then runs that work itself when its read ends.
    /// </summary>
    public ICrashSafety? CrashSafety { get; init; }

    /// <summary>How many slices a retriever may read at once (the read loop's degree of parallelism).</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>A test read's limits and overrides (pages per slice, job attempts and timeout); null in a sync.</summary>
    public ReadLimits? Limits { get; init; }

    /// <summary>The JSON Schema the configured catalog gives the stream (its selected fields); null without a catalog.</summary>
    public IReadOnlyDictionary<string, object?>? ConfiguredSchema { get; init; }

    /// <summary>The stream's cursor for this read (request options of a window, data-feed stop), when it has one.</summary>
    internal CursorRun? Cursor { get; init; }

    /// <summary>What a router needs to read a parent stream in the same run.</summary>
    internal ReadEnvironment Environment => new(Session, Scope, MaxConcurrency, JobBudget, AbortJobsOnCancel) { Resume = Resume };

    public IRunEventSink Events => Session.Events;
    public TimeProvider Time => Session.Time;
}

/// <summary>What every stream read of a run shares: the HTTP session, the base scope (config) and the parallelism.</summary>
/// <see cref="Stop"/> is the run's graceful stop (<see cref="ReadOptions.Stop"/>); a parent stream read for a router never
/// gets one: it simply ends when its child's read is stopped.
internal sealed record ReadEnvironment(HttpSession Session, TemplateScope Scope, int MaxConcurrency, Jobs.JobBudget JobBudget, bool AbortJobsOnCancel = true,
    long CheckpointEveryRecords = ReadOptions.DefaultCheckpointEveryRecords, CancellationToken Stop = default)
{
    public Partitions.CursorResume Resume { get; init; }
}

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

    /// <summary>Sets (or, with null, removes) a key; a change that must be output at once also asks <see cref="ICrashSafety.RequestCheckpoint"/>.</summary>
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
