using System.Text.Json;
using System.Text.Json.Serialization;

namespace Siphon.Testing;

// The result of a test read, shaped like the reference builder's StreamRead (snake_case JSON), plus what it lacks:
// job ids, attempts, step indexes, timings, poll statuses, body truncation and binary bodies, and whether a limit
// stopped data that existed. Every string in it is redacted.

public sealed record StreamReadResult
{
    public required string Stream { get; init; }

    /// <summary>completed, failed or cancelled.</summary>
    public required string Status { get; init; }
    public string? Error { get; init; }
    public List<LogEntry> Logs { get; init; } = [];
    public List<SliceView> Slices { get; init; } = [];

    /// <summary>True only when a limit stopped the read while more data existed (see <see cref="LimitsReached"/>).</summary>
    public bool TestReadLimitReached { get; init; }

    /// <summary>Which limits stopped data that existed: records, slices, pages.</summary>
    public List<string> LimitsReached { get; init; } = [];

    /// <summary>Requests that belong to no slice: tokens, logins, parent streams.</summary>
    public List<AuxiliaryRequest> AuxiliaryRequests { get; init; } = [];
    public JsonElement? InferredSchema { get; init; }

    /// <summary>Fields (dotted paths) for which only null values were seen: their type is unknown.</summary>
    public List<string> NullOnlyFields { get; init; } = [];
    public Dictionary<string, string> InferredDatetimeFormats { get; init; } = [];
    public JsonElement? LatestConfigUpdate { get; init; }

    /// <summary>How this read was set up, including every way it behaves unlike a sync.</summary>
    public required TestReadSettings Settings { get; init; }
    public long RecordCount { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public double DurationMs { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? new JsonSerializerOptions(JsonOptions) { WriteIndented = true } : JsonOptions);

    public static StreamReadResult? FromJson(string json) => JsonSerializer.Deserialize<StreamReadResult>(json, JsonOptions);
}

/// <summary>The settings of a test read; <see cref="DifferencesFromSync"/> says in words how it behaves unlike a sync (empty: it does not).</summary>
public sealed record TestReadSettings(
    int RecordLimit, int PageLimit, int SliceLimit, int BodyCaptureBytes,
    int? JobAttempts, double? JobTimeoutMinutes, bool Recorded, bool Replayed, List<string> DifferencesFromSync);

public sealed record LogEntry(string Level, string Message, DateTimeOffset Time, string? Step = null, string? InternalMessage = null, string? Stacktrace = null);

public sealed record SliceView
{
    public JsonElement SliceDescriptor { get; init; }
    public List<JsonElement> State { get; init; } = [];
    public List<PageView> Pages { get; init; } = [];

    /// <summary>Only this slice's job requests: create, polls, download target, abort, delete, in the order sent.</summary>
    public List<AuxiliaryRequest> AuxiliaryRequests { get; init; } = [];
}

public sealed record PageView
{
    public List<JsonElement> Records { get; init; } = [];
    public HttpRequestView? Request { get; init; }
    public HttpResponseView? Response { get; init; }

    /// <summary>For a download page: the job it downloads.</summary>
    public string? JobId { get; init; }
    public int HttpAttempt { get; init; } = 1;
    public DateTimeOffset? StartedAt { get; init; }
    public double? DurationMs { get; init; }
    public string? Error { get; init; }
}

public sealed record AuxiliaryRequest
{
    public required string Title { get; init; }
    public required string Type { get; init; }
    public required string Description { get; init; }
    public HttpRequestView? Request { get; init; }
    public HttpResponseView? Response { get; init; }

    /// <summary>create, poll, download_target, abort, delete, auth, parent_stream.</summary>
    public string? Step { get; init; }
    public string? JobId { get; init; }

    /// <summary>The job's attempt for its slice (1 unless a failed job was retried with a new one).</summary>
    public int? Attempt { get; init; }

    /// <summary>The step's number within the job, from 1 ("Polling #3").</summary>
    public int? Index { get; init; }

    /// <summary>The HTTP attempt of this request (above 1 when a request was retried).</summary>
    public int HttpAttempt { get; init; } = 1;
    public DateTimeOffset? StartedAt { get; init; }
    public double? DurationMs { get; init; }
    public string? RawStatus { get; init; }
    public string? MappedStatus { get; init; }
    public string? Error { get; init; }
}

public sealed record HttpRequestView
{
    public required string Url { get; init; }
    public required string HttpMethod { get; init; }
    public Dictionary<string, string> Headers { get; init; } = [];
    public string? Body { get; init; }
    public string? BodyBase64 { get; init; }
    public string? ContentType { get; init; }
    public bool Truncated { get; init; }
    public long? Size { get; init; }
}

public sealed record HttpResponseView
{
    public int Status { get; init; }
    public Dictionary<string, string> Headers { get; init; } = [];
    public string? Body { get; init; }
    public string? BodyBase64 { get; init; }

    /// <summary>For a gzip or zip body: the text inside (its start), redacted.</summary>
    public InflatedBodyView? Inflated { get; init; }
    public string? ContentType { get; init; }
    public bool Truncated { get; init; }
    public long? Size { get; init; }
}

/// <summary>Progress of a running test read, as it happens (the builder streams these as server-sent events).</summary>
public sealed record TestReadProgress
{
    public long Sequence { get; init; }
    public DateTimeOffset Time { get; init; }

    /// <summary>slice_started, request, response, retry, waiting (headers slow to come), job_created, job_polled, job_finished, job_aborted, job_deleted,
    /// download_started, download_finished, records, limit_reached, log, finished.</summary>
    public required string Kind { get; init; }
    public required string Message { get; init; }
    public string? Slice { get; init; }
    public string? JobId { get; init; }
    public int? Attempt { get; init; }
    public int? Poll { get; init; }
    public string? RawStatus { get; init; }
    public string? MappedStatus { get; init; }

    /// <summary>On a poll of a running job: seconds until the next poll the orchestrator scheduled (the polling policy, or a longer Retry-After).</summary>
    public double? NextPollSeconds { get; init; }
    public int? HttpStatus { get; init; }
    public long? Records { get; init; }
}
