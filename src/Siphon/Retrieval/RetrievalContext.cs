using Siphon.Http;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Templates;

namespace Siphon.Retrieval;

/// <summary>
/// What a retriever needs during one read of one stream: the run's HTTP session (the client, and through it the
/// <see cref="RunContext"/>: events, redaction, clock), the base template scope (<c>config</c>), the stream's
/// transformations and its durable state. The components below the retriever get the part they need, <see cref="Stream"/>.
/// </summary>
public sealed class RetrievalContext
{
    public required string StreamName { get; init; }
    public required HttpSession Session { get; init; }

    /// <summary>Holds <c>config</c> (and nothing slice-specific); retrievers add <c>stream_slice</c> and the rest.</summary>
    public required TemplateScope Scope { get; init; }

    public IReadOnlyList<IRecordTransformation> Transformations { get; init; } = [];

    /// <summary>The output's work on a finished batch, done where the batch was decoded (<see cref="Runs.IBatchReadOutput.Prepare"/>); null for none.</summary>
    public Func<RecordBatch, RecordBatch>? PrepareBatch { get; init; }

    /// <summary>The stream's durable state (cursor values, running async jobs), shared with the read loop.</summary>
    public StreamStateStore State { get; init; } = new();

    /// <summary>How many async jobs may run at once; the read loop gives every stream of a run the same budget.</summary>
    public JobBudget JobBudget { get; init; } = new(1);

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

    /// <summary>Reads other streams of the run (parents, property lists); the read loop sets it.</summary>
    public IStreamReader? Streams { get; init; }

    /// <summary>What the components below the retriever (routers, query properties) need of this stream's read.</summary>
    public StreamContext Stream => field ??= new()
    {
        StreamName = StreamName,
        Scope = Scope,
        State = State,
        ConfiguredSchema = ConfiguredSchema,
        Streams = Streams,
    };

    public RunContext Run => Session.Run;
    public IRunEventSink Events => Session.Run.Events;
    public TimeProvider Time => Session.Run.Time;
}
