using Siphon.Http;
using Siphon.Partitions;
using Siphon.Templates;

namespace Siphon.Runs;

/// <summary>What every stream read of a run shares: the HTTP session, the base scope (config) and the parallelism.</summary>
/// <see cref="Stop"/> is the run's graceful stop (<see cref="ReadOptions.Stop"/>); a parent stream read for a router never
/// gets one: it simply ends when its child's read is stopped.
internal sealed record ReadEnvironment(HttpSession Session, TemplateScope Scope, int MaxConcurrency, JobBudget JobBudget, bool AbortJobsOnCancel = true,
    long CheckpointEveryRecords = ReadOptions.DefaultCheckpointEveryRecords, CancellationToken Stop = default)
{
    public CursorResume Resume { get; init; }

    /// <summary>The output's work on a finished batch of a stream, done on the task that decoded it (<see cref="IBatchReadOutput.Prepare"/>).</summary>
    public Func<string, Records.RecordBatch, Records.RecordBatch>? PrepareBatch { get; init; }
}
