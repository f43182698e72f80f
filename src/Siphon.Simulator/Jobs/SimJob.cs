namespace Siphon.Simulator;

/// <summary>
/// One job as the simulator tracks it. Mutable state is guarded by <see cref="Gate"/>; the identity, knobs and files
/// are fixed at creation.
/// </summary>
internal sealed class SimJob
{
    private readonly long[] _fileAttempts;
    private readonly long?[] _fileLengths;
    private readonly HashSet<string> _usedNonces = [];
    private readonly List<StatusChange> _history = [];
    private long _nonce;

    public SimJob(string id, string family, Knobs knobs, int attempt, bool willFail, DateTimeOffset createdAt, IReadOnlyList<GeneratedFile> files)
    {
        Id = id;
        Family = family;
        Knobs = knobs;
        Attempt = attempt;
        WillFail = willFail;
        CreatedAt = createdAt;
        Files = files;
        _fileAttempts = new long[files.Count];
        _fileLengths = new long?[files.Count];
    }

    public Lock Gate { get; } = new();

    public string Id { get; }

    public string Family { get; }

    public Knobs Knobs { get; }

    /// <summary>1 for the first job created with the same family and request, 2 for its first retry...</summary>
    public int Attempt { get; }

    public bool WillFail { get; }

    public DateTimeOffset CreatedAt { get; }

    public IReadOnlyList<GeneratedFile> Files { get; }

    public JobPhase Phase { get; private set; } = JobPhase.Running;

    public bool Deleted { get; private set; }

    public int Polls { get; private set; }

    public long Downloads { get; private set; }

    /// <summary>When the job became ready (completed or failed): the finishing poll, or creation plus <c>secondsUntilDone</c>.</summary>
    public DateTimeOffset? ReadyAt { get; private set; }

    /// <summary>When the first file download request of the job arrived (polling-latency benchmarks).</summary>
    public DateTimeOffset? FirstDownloadAt { get; private set; }

    /// <summary>Whether the job occupies a concurrency slot (see docs: running, or held until deletion).</summary>
    public bool HoldsSlot => !Deleted && Phase != JobPhase.Aborted && (Phase == JobPhase.Running || Knobs.HoldSlotUntilDeleted);

    public void Record(string status, DateTimeOffset at)
    {
        if (_history.Count == 0 || _history[^1].Status != status)
        {
            _history.Add(new StatusChange(status, at));
        }
    }

    public IReadOnlyList<StatusChange> History() => [.. _history];

    public int CountPoll() => ++Polls;

    public void MoveTo(JobPhase phase) => Phase = phase;

    public void MarkReady(DateTimeOffset at) => ReadyAt ??= at;

    public void MarkDeleted() => Deleted = true;

    public long CountFileAttempt(int file, DateTimeOffset now)
    {
        FirstDownloadAt ??= now;
        Downloads++;
        return ++_fileAttempts[file];
    }

    public long NextNonce() => ++_nonce;

    /// <summary>False when the nonce was used before (URLs that expire after first use).</summary>
    public bool UseNonce(string nonce) => _usedNonces.Add(nonce);

    public long? CachedLength(int file) => _fileLengths[file];

    public void CacheLength(int file, long length) => _fileLengths[file] = length;
}
