
namespace Siphon.Testing;

/// <summary>How much a test read reads: records in all, pages per slice, slices. Defaults and caps are the reference builder's.</summary>
public sealed record TestReadLimits
{
    public const int DefaultRecords = 100, DefaultPagesPerSlice = 5, DefaultSlices = 5, DefaultStreams = 100;
    public const int MaxRecords = 5000, MaxPagesPerSlice = 20, MaxSlices = 20, MaxStreams = 100;

    public int Records { get; init; } = DefaultRecords;
    public int PagesPerSlice { get; init; } = DefaultPagesPerSlice;
    public int Slices { get; init; } = DefaultSlices;

    /// <summary>How many streams each <c>dynamic_streams</c> definition generates at most (the reference's <c>max_streams</c>).</summary>
    public int Streams { get; init; } = DefaultStreams;

    /// <summary>Every limit out of its bounds, in one message each (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Records is < 1 or > MaxRecords) problems.Add($"record limit must be between 1 and {MaxRecords}, not {Records}");
        if (PagesPerSlice is < 1 or > MaxPagesPerSlice) problems.Add($"page limit must be between 1 and {MaxPagesPerSlice}, not {PagesPerSlice}");
        if (Slices is < 1 or > MaxSlices) problems.Add($"slice limit must be between 1 and {MaxSlices}, not {Slices}");
        if (Streams is < 1 or > MaxStreams) problems.Add($"stream limit must be between 1 and {MaxStreams}, not {Streams}");
        return problems;
    }
}

/// <summary>
/// A test read of one stream. Whatever makes it behave unlike a sync is set here, explicitly, and echoed in the result:
/// by default it has none (same retries, job attempts, job timeout and streaming decoders as a sync).
/// </summary>
public sealed record TestReadRequest
{
    public required string Stream { get; init; }

    /// <summary>The stream's <c>stream_state</c> to start from.</summary>
    public Dictionary<string, object?>? State { get; init; }

    public TestReadLimits Limits { get; init; } = new();

    /// <summary>URL prefixes rewritten before requests are sent (<c>--map-url</c>: a real manifest against the simulator).</summary>
    public IReadOnlyList<Http.UrlMapping> UrlMappings { get; init; } = [];

    /// <summary>Async job attempts per slice instead of the manifest's (e.g. 1 to fail fast while iterating).</summary>
    public int? JobAttempts { get; init; }

    /// <summary>How long an async job may run instead of the manifest's <c>polling_job_timeout</c>.</summary>
    public TimeSpan? JobTimeout { get; init; }

    /// <summary>How many bytes of each request and response body the result keeps (the rest is cut and flagged <c>truncated</c>).</summary>
    public int BodyCaptureBytes { get; init; } = DefaultBodyCaptureBytes;

    public const int DefaultBodyCaptureBytes = 1024 * 1024;

    /// <summary>Record every exchange into a cassette (<see cref="TestReadOutcome.Cassette"/>), secrets redacted.</summary>
    public bool Record { get; init; }

    /// <summary>Answer every request from this cassette instead of the network.</summary>
    public Cassette? Replay { get; init; }

    /// <summary>Refuse link-local and cloud-metadata addresses: the builder's reads, whose URLs a web page could have chosen.</summary>
    public bool RefuseLinkLocal { get; init; }

    public IReadOnlyList<string> Problems()
    {
        var problems = Limits.Problems().ToList();
        if (string.IsNullOrWhiteSpace(Stream)) problems.Add("a stream name is required");
        if (JobAttempts is < 1) problems.Add($"job attempts must be at least 1, not {JobAttempts}");
        if (JobTimeout is { } timeout && timeout <= TimeSpan.Zero) problems.Add("the job timeout must be positive");
        if (BodyCaptureBytes < 0) problems.Add("the body capture size must not be negative");
        if (Record && Replay is not null) problems.Add("a test read either records or replays, not both");
        return problems;
    }

    internal ReadLimits ReadLimits() => new()
    {
        MaxSlices = Limits.Slices,
        MaxRecords = Limits.Records,
        MaxPagesPerSlice = Limits.PagesPerSlice,
        JobAttempts = JobAttempts,
        // A test read shows each download as pages in file order, so files are read one after another.
        DownloadConcurrency = 1,
        JobTimeout = JobTimeout,
    };
}

/// <summary>What a test read returns: the result, and the cassette when it recorded one.</summary>
public sealed record TestReadOutcome(StreamReadResult Result, Cassette? Cassette)
{
    /// <summary>
    /// The config as an authenticator last rotated it (a single-use refresh token), unmasked: for the builder to keep
    /// as its testing values on the server, never to send to a page (<see cref="StreamReadResult.LatestConfigUpdate"/> is the masked copy).
    /// </summary>
    public IReadOnlyDictionary<string, object?>? ConfigUpdate { get; init; }
}
