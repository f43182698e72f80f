namespace Siphon.Simulator;

/// <summary>
/// Moves a running job forward: after <see cref="Knobs.PollsUntilDone"/> polls answered running (or once
/// <see cref="Knobs.SecondsUntilDone"/> have passed) it completes, or fails if its attempt is meant to fail. Jobs with
/// <see cref="Knobs.NeverFinish"/> or <see cref="Knobs.UnknownStatus"/> never leave running. Callers hold the job's gate.
/// </summary>
internal static class JobLifecycle
{
    /// <summary>Counts a poll and returns the phase to report.</summary>
    public static JobPhase Poll(SimJob job, DateTimeOffset now)
    {
        var poll = job.CountPoll();
        if (job.Phase == JobPhase.Running && IsDue(job, now, poll))
        {
            Finish(job, now);
        }

        return job.Phase;
    }

    /// <summary>Applies time-based completion without a poll (admission, stats).</summary>
    public static void Advance(SimJob job, DateTimeOffset now)
    {
        if (job.Phase == JobPhase.Running && job.Knobs.SecondsUntilDone is not null && IsDue(job, now, job.Polls))
        {
            Finish(job, now);
        }
    }

    public static void Abort(SimJob job, DateTimeOffset now)
    {
        if (job.Phase == JobPhase.Running)
        {
            job.MoveTo(JobPhase.Aborted);
            job.Record("aborted", now);
        }
    }

    private static bool IsDue(SimJob job, DateTimeOffset now, int poll)
    {
        var k = job.Knobs;
        if (k.NeverFinish || k.UnknownStatus) return false;
        return k.SecondsUntilDone is { } seconds
            ? now - job.CreatedAt >= TimeSpan.FromSeconds(seconds)
            : poll > k.PollsUntilDone;
    }

    private static void Finish(SimJob job, DateTimeOffset now)
    {
        job.MarkReady(job.Knobs.SecondsUntilDone is { } seconds ? job.CreatedAt + TimeSpan.FromSeconds(seconds) : now);
        // The history records statuses as the client was told them, so completion shows at the poll that reports it.
        job.MoveTo(job.WillFail ? JobPhase.Failed : JobPhase.Completed);
    }
}
