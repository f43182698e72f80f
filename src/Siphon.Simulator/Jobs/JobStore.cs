using System.Collections.Concurrent;

namespace Siphon.Simulator;

/// <summary>
/// Every job of the simulator, admission against the concurrency limit, and the attempt count per job key (family
/// plus the create request's content) that drives <see cref="Knobs.FailFirstAttempts"/>.
/// </summary>
internal sealed class JobStore(TimeProvider time, ulong seed)
{
    private readonly ConcurrentDictionary<string, SimJob> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private long _created;

    public int MaxRunning { get; private set; }

    public IEnumerable<SimJob> All => _jobs.Values.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal);

    /// <summary>Creates a job unless the concurrency limit is reached (null then).</summary>
    public SimJob? TryCreate(string family, string jobKey, Knobs knobs, Func<string, IReadOnlyList<GeneratedFile>> files,
        string? fixedId = null, JobPhase initialPhase = JobPhase.Running)
    {
        lock (_admission)
        {
            if (fixedId is not null && _jobs.TryGetValue(fixedId, out var existing)) return existing;

            var now = time.GetUtcNow();
            if (knobs.MaxConcurrentJobs > 0 && RunningCount(now) >= knobs.MaxConcurrentJobs)
            {
                return null;
            }

            var ordinal = ++_created;
            var attempt = _attempts[family + "|" + jobKey] = _attempts.GetValueOrDefault(family + "|" + jobKey) + 1;
            var id = fixedId ?? NewId(ordinal);
            var job = new SimJob(id, family, knobs, attempt, WillFail(knobs, jobKey, attempt), now, files(id));
            job.Record("created", now);
            if (initialPhase != JobPhase.Running) job.MoveTo(initialPhase);
            _jobs[id] = job;
            MaxRunning = Math.Max(MaxRunning, RunningCount(now));
            return job;
        }
    }

    public SimJob? Find(string id) => _jobs.TryGetValue(id, out var job) && !job.Deleted ? job : null;

    public SimJob? FindIncludingDeleted(string id) => _jobs.GetValueOrDefault(id);

    public int RunningCount(DateTimeOffset now)
    {
        var running = 0;
        foreach (var job in _jobs.Values)
        {
            lock (job.Gate)
            {
                JobLifecycle.Advance(job, now);
                if (job.HoldsSlot) running++;
            }
        }

        return running;
    }

    private bool WillFail(Knobs knobs, string jobKey, int attempt)
    {
        if (attempt <= knobs.FailFirstAttempts) return true;
        if (knobs.FailureRate <= 0) return false;
        var draw = RowRandom.Mix(seed ^ RowRandom.KeyOf(jobKey) ^ (ulong)attempt);
        return (draw >> 11) * (1.0 / (1UL << 53)) < knobs.FailureRate;
    }

    // Deterministic ids (from the seed and the creation ordinal) keep runs reproducible.
    private string NewId(long ordinal)
    {
        var a = RowRandom.Mix(seed ^ (ulong)ordinal);
        return Vocabulary.Uuid(a, RowRandom.Mix(a));
    }
}
