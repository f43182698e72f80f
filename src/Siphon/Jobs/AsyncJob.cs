using Siphon.Partitions;

namespace Siphon.Jobs;

/// <summary>
/// One attempt at a provider job for one slice: what creation returned (the only thing needed to poll it again,
/// which is why it goes into durable state), when it started, and what the last poll said.
/// </summary>
internal sealed class AsyncJob(StreamSlice slice, string sliceKey, int attempt, Dictionary<string, object?> creationResponse, DateTimeOffset createdAt)
{
    public StreamSlice Slice { get; } = slice;
    public string SliceKey { get; } = sliceKey;
    public int Attempt { get; } = attempt;
    public Dictionary<string, object?> CreationResponse { get; } = creationResponse;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public Dictionary<string, object?>? PollingResponse { get; set; }
    public int Polls { get; set; }

    /// <summary>Records of each file (by index) a read that stopped part-way had already output: a resumed download skips them.</summary>
    public IReadOnlyDictionary<int, long> SavedRecords { get; init; } = new Dictionary<int, long>();

    /// <summary>The provider's id, guessed from the usual fields, for messages and events.</summary>
    public string JobId { get; } = GuessId(creationResponse);

    public JobRef Ref(string stream) => new(stream, SliceKey, Attempt, JobId);

    public Runs.RequestOrigin Origin(string stream) => new(stream, SliceKey, Attempt, JobId);

    private static string GuessId(Dictionary<string, object?> response)
    {
        foreach (var key in new[] { "id", "job_id", "jobId", "reportId", "ReportRequestId", "DownloadRequestId", "requestId" })
            if (response.TryGetValue(key, out var value) && value is string or long) return Values.PythonText.Str(value);
        if (response.TryGetValue("data", out var data) && data is Dictionary<string, object?> inner && inner.TryGetValue("id", out var id) && id is string or long)
            return Values.PythonText.Str(id);
        if (response.TryGetValue("headers", out var headers) && headers is Dictionary<string, object?> h &&
            (h.TryGetValue("Location", out var location) || h.TryGetValue("location", out location)) && location is string url)
            return url.TrimEnd('/').Split('/')[^1];
        return "?";
    }
}
