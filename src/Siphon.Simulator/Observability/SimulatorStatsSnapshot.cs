namespace Siphon.Simulator;

/// <summary>What <c>GET /__stats</c> returns: counters since start, and every job with its status history.</summary>
public sealed record SimulatorStatsSnapshot
{
    public long JobsCreated { get; init; }
    public long Polls { get; init; }
    public long DownloadTargets { get; init; }
    /// <summary>Abort requests answered; aborting a job that already finished leaves it as it was but still counts.</summary>
    public long JobsAborted { get; init; }
    public long JobsDeleted { get; init; }

    /// <summary>Download requests (files and result pages are counted separately; see <see cref="ResultPages"/>).</summary>
    public long Downloads { get; init; }

    /// <summary>Downloads whose response was written to the end (not reset, not abandoned by the client).</summary>
    public long DownloadsCompleted { get; init; }

    public long BytesDownloaded { get; init; }
    public long ResultPages { get; init; }
    public long ListRequests { get; init; }

    /// <summary>429s from <see cref="Knobs.RateLimitEvery"/> (concurrency rejections are counted apart).</summary>
    public long RateLimited { get; init; }

    public long ServerErrors { get; init; }
    public long ConcurrencyRejections { get; init; }
    public long ConnectionResets { get; init; }
    public long Unauthorized { get; init; }

    /// <summary>Jobs holding a concurrency slot now.</summary>
    public int RunningJobs { get; init; }

    /// <summary>The most jobs that held a concurrency slot at once.</summary>
    public int MaxConcurrentRunningJobs { get; init; }

    public IReadOnlyList<JobStats> Jobs { get; init; } = [];
}

/// <summary>One job in the stats; <see cref="History"/> lists each status the client was told, in order.</summary>
public sealed record JobStats(
    string Id, string Family, JobPhase Phase, bool Deleted, int Attempt, int Polls, long Downloads, IReadOnlyList<StatusChange> History)
{
    /// <summary>When the job became ready: the poll that found it done, or creation plus <c>secondsUntilDone</c>.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>When the first download request of one of its files arrived.</summary>
    public DateTimeOffset? FirstDownloadAt { get; init; }
}
