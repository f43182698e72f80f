using System.Text.Json.Serialization;

namespace Siphon.Simulator;

/// <summary>
/// The behaviour of the simulated API for one job or request. Knobs are layered: the simulator's defaults, then
/// the scenario's per-family knobs, then the request's own overrides (header <c>X-Sim-Knobs</c> or query string on
/// create). A job keeps the knobs it was created with. Property names in JSON are camelCase.
/// </summary>
public sealed record Knobs
{
    /// <summary>The largest job the simulator accepts: rows are generated while streaming, so this bounds time, not memory.</summary>
    public const long MaxRows = 100_000_000;

    /// <summary>Records a job holds (all its files together), or a list endpoint serves.</summary>
    public long Rows { get; init; } = 1000;

    /// <summary>Files per export job; rows are split evenly (request-reply always produces one).</summary>
    public int Files { get; init; } = 2;

    /// <summary>Polls answered "running" before the job is done; ignored when <see cref="SecondsUntilDone"/> is set.</summary>
    public int PollsUntilDone { get; init; } = 2;

    /// <summary>When set, the job is done this long after creation (by the simulator's TimeProvider), however often it is polled.</summary>
    public double? SecondsUntilDone { get; init; }

    /// <summary>The first N attempts of the same job (same family and create request) end failed.</summary>
    public int FailFirstAttempts { get; init; }

    /// <summary>Probability (0..1) that an attempt fails; decided deterministically from the seed and the attempt.</summary>
    public double FailureRate { get; init; }

    /// <summary>Every poll answers a status value outside the family's vocabulary; the job never completes.</summary>
    public bool UnknownStatus { get; init; }

    /// <summary>The job stays running forever (for client-side timeouts).</summary>
    public bool NeverFinish { get; init; }

    /// <summary>Per operation (see <see cref="SimOperation"/>), every Nth call answers 429 with Retry-After; calls are counted per family.</summary>
    public IReadOnlyDictionary<string, int>? RateLimitEvery { get; init; }

    /// <summary>The Retry-After (seconds) sent with every 429.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Per operation, bursts of server errors (see <see cref="ErrorBurst"/>).</summary>
    public IReadOnlyDictionary<string, ErrorBurst>? ErrorBursts { get; init; }

    /// <summary>Running jobs allowed at once across the simulator (0 = unlimited); creating beyond it answers 429.</summary>
    public int MaxConcurrentJobs { get; init; }

    /// <summary>When true a job keeps its concurrency slot after completing or failing, until it is deleted or aborted.</summary>
    public bool HoldSlotUntilDeleted { get; init; }

    /// <summary>A download is cut (TCP reset) after this many bytes of the response, for the first <see cref="DownloadFaultAttempts"/> attempts of each file.</summary>
    public long? ResetAfterBytes { get; init; }

    /// <summary>A download stops sending after this many bytes of the response and keeps the connection open (a stalled server), for the first <see cref="DownloadFaultAttempts"/> attempts of each file.</summary>
    public long? StallAfterBytes { get; init; }

    /// <summary>The last N bytes of the file are silently missing (a response that ends normally), for the first faulty attempts: a truncated gzip.</summary>
    public int TruncateBytes { get; init; }

    /// <summary>How many download attempts of each file suffer <see cref="ResetAfterBytes"/>, <see cref="StallAfterBytes"/> and <see cref="TruncateBytes"/>.</summary>
    public int DownloadFaultAttempts { get; init; } = 1;

    /// <summary>A presigned download URL works for one request only; poll again for fresh URLs.</summary>
    public bool ExpireUrlsAfterUse { get; init; }

    /// <summary>
    /// For the first <see cref="DownloadFaultAttempts"/> attempts of each file, a 200 whose body is not the file:
    /// <c>html</c> (an HTML error page, as a proxy or a CDN sends) or <c>malformed</c> (the file's format and compression,
    /// broken right after its start: an unclosed CSV quote, invalid JSON, mismatched XML tags). Null: the real file.
    /// </summary>
    public string? BodyFault { get; init; }

    /// <summary>Presigned URLs expire this long after they were issued.</summary>
    public double? UrlTtlSeconds { get; init; }

    /// <summary>Downloads are throttled to this rate.</summary>
    public long? DownloadBytesPerSecond { get; init; }

    /// <summary>Honour <c>Range: bytes=N-</c> (206 with Content-Range); when false, Range is ignored (200, whole file).</summary>
    public bool RangeSupport { get; init; } = true;

    /// <summary>File format: csv, tsv, json (one array), jsonl or xml. Null means the family's default.</summary>
    public string? Format { get; init; }

    /// <summary>File compression: none, gzip or zip. Null means the family's default.</summary>
    public string? Compression { get; init; }

    /// <summary>The Retry-After (seconds) a request-reply job suggests while it is running.</summary>
    public int PollIntervalSeconds { get; init; } = 1;

    /// <summary>
    /// When set, a completed job's file URLs are <c>{staticFilesUrl}{index}</c>: the files are served by a plain static
    /// file server (for benchmarks, where generating the rows while serving would share the reader's cores).
    /// </summary>
    public string? StaticFilesUrl { get; init; }

    /// <summary>Knobs as written in JSON, for errors and docs.</summary>
    [JsonIgnore]
    public static IReadOnlyList<string> Names { get; } =
    [
        "rows", "files", "pollsUntilDone", "secondsUntilDone", "failFirstAttempts", "failureRate", "unknownStatus",
        "neverFinish", "rateLimitEvery", "retryAfterSeconds", "errorBursts", "maxConcurrentJobs", "holdSlotUntilDeleted",
        "resetAfterBytes", "stallAfterBytes", "truncateBytes", "downloadFaultAttempts", "expireUrlsAfterUse", "urlTtlSeconds",
        "bodyFault", "downloadBytesPerSecond", "rangeSupport", "format", "compression", "pollIntervalSeconds",
        "staticFilesUrl",
    ];
}
