namespace Siphon.Simulator;

/// <summary>Counters the HTTP layer bumps; read through <see cref="Snapshot"/>.</summary>
internal sealed class SimulatorStats
{
    private long _jobsCreated;
    private long _polls;
    private long _downloadTargets;
    private long _aborted;
    private long _deleted;
    private long _downloads;
    private long _downloadsCompleted;
    private long _bytes;
    private long _resultPages;
    private long _listRequests;
    private long _rateLimited;
    private long _serverErrors;
    private long _concurrencyRejections;
    private long _resets;
    private long _unauthorized;

    public void JobCreated() => Interlocked.Increment(ref _jobsCreated);
    public void Polled() => Interlocked.Increment(ref _polls);
    public void DownloadTargetRequested() => Interlocked.Increment(ref _downloadTargets);
    public void Aborted() => Interlocked.Increment(ref _aborted);
    public void Deleted() => Interlocked.Increment(ref _deleted);
    public void DownloadStarted() => Interlocked.Increment(ref _downloads);
    public void DownloadCompleted() => Interlocked.Increment(ref _downloadsCompleted);
    public void BytesSent(long count) => Interlocked.Add(ref _bytes, count);
    public void ResultPageServed() => Interlocked.Increment(ref _resultPages);
    public void ListServed() => Interlocked.Increment(ref _listRequests);
    public void RateLimited() => Interlocked.Increment(ref _rateLimited);
    public void ServerError() => Interlocked.Increment(ref _serverErrors);
    public void ConcurrencyRejected() => Interlocked.Increment(ref _concurrencyRejections);
    public void ConnectionReset() => Interlocked.Increment(ref _resets);
    public void Unauthorized() => Interlocked.Increment(ref _unauthorized);

    public SimulatorStatsSnapshot Snapshot(JobStore jobs, DateTimeOffset now)
    {
        var running = jobs.RunningCount(now);
        var perJob = jobs.All.Select(j =>
        {
            lock (j.Gate)
            {
                return new JobStats(j.Id, j.Family, j.Phase, j.Deleted, j.Attempt, j.Polls, j.Downloads, j.History()) { ReadyAt = j.ReadyAt, FirstDownloadAt = j.FirstDownloadAt };
            }
        }).ToArray();

        return new SimulatorStatsSnapshot
        {
            JobsCreated = Interlocked.Read(ref _jobsCreated),
            Polls = Interlocked.Read(ref _polls),
            DownloadTargets = Interlocked.Read(ref _downloadTargets),
            JobsAborted = Interlocked.Read(ref _aborted),
            JobsDeleted = Interlocked.Read(ref _deleted),
            Downloads = Interlocked.Read(ref _downloads),
            DownloadsCompleted = Interlocked.Read(ref _downloadsCompleted),
            BytesDownloaded = Interlocked.Read(ref _bytes),
            ResultPages = Interlocked.Read(ref _resultPages),
            ListRequests = Interlocked.Read(ref _listRequests),
            RateLimited = Interlocked.Read(ref _rateLimited),
            ServerErrors = Interlocked.Read(ref _serverErrors),
            ConcurrencyRejections = Interlocked.Read(ref _concurrencyRejections),
            ConnectionResets = Interlocked.Read(ref _resets),
            Unauthorized = Interlocked.Read(ref _unauthorized),
            RunningJobs = running,
            MaxConcurrentRunningJobs = jobs.MaxRunning,
            Jobs = perJob,
        };
    }
}
