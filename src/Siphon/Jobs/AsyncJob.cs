using Siphon.Partitions;

namespace Siphon.Jobs;

/// <summary>
/// One attempt at a provider job for one slice: what creation returned (the only thing needed to poll it again,
/// which is why it goes into durable state), when it started, and what the last poll said.
/// </summary>
internal sealed partial class AsyncJob(StreamSlice slice, string sliceKey, int attempt, Dictionary<string, object?> creationResponse, DateTimeOffset createdAt,
    IReadOnlyList<string>? idPath = null)
{
    /// <summary>What events name an attempt whose creation request failed.</summary>
    public const string NotCreated = "(not created)";

    public StreamSlice Slice { get; } = slice;
    public string SliceKey { get; } = sliceKey;
    public int Attempt { get; } = attempt;
    public Dictionary<string, object?> CreationResponse { get; } = creationResponse;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public Dictionary<string, object?>? PollingResponse { get; set; }
    public int Polls { get; set; }

    /// <summary>Records of each file (by index) a read that stopped part-way had already output: a resumed download skips them.</summary>
    public IReadOnlyDictionary<int, long> SavedRecords { get; init; } = new Dictionary<int, long>();

    /// <summary>
    /// The provider's id for messages and events: the creation response's value the polling URL is rendered from, else
    /// one of the usual id fields, else a short hash of the response (stable across a resumed read).
    /// </summary>
    public string JobId { get; } = Identify(creationResponse, idPath ?? []);

    public JobRef Ref(string stream) => new(stream, SliceKey, Attempt, JobId);

    public RequestOrigin Origin(string stream) => new(stream, SliceKey, Attempt, JobId);

    /// <summary>The first <c>creation_response</c> path a polling URL template reads (['a']['b'], .a.b or ["a"]).</summary>
    public static IReadOnlyList<string> IdPathIn(IEnumerable<string> urlTemplates)
    {
        foreach (var source in urlTemplates)
            if (CreationResponseAccess().Match(source) is { Success: true } match)
                return [.. match.Groups["key"].Captures.Select(c => c.Value).Where(k => k.Length > 0)];
        return [];
    }

    [System.Text.RegularExpressions.GeneratedRegex("""creation_response(?:\[\s*['"](?<key>[^'"]+)['"]\s*\]|\.(?<key>[A-Za-z_]\w*))+""")]
    private static partial System.Text.RegularExpressions.Regex CreationResponseAccess();

    private static string Identify(Dictionary<string, object?> response, IReadOnlyList<string> idPath)
    {
        if (idPath.Count > 0)
        {
            object? value = response;
            foreach (var key in idPath) value = (value as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault(key);
            if (value is string or long) return Values.PythonText.Str(value);
        }
        return GuessId(response) ?? Hash(response);
    }

    // Headers change from one response to the next (Date); the body is what identifies the job.
    private static string Hash(Dictionary<string, object?> response)
    {
        var body = response.Where(e => e.Key != "headers").ToDictionary(e => e.Key, e => e.Value);
        var digest = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Partitions.CursorValues.PartitionKey(body)));
        return "#" + Convert.ToHexStringLower(digest)[..8];
    }

    private static string? GuessId(Dictionary<string, object?> response)
    {
        foreach (var key in new[] { "id", "job_id", "jobId", "reportId", "ReportRequestId", "DownloadRequestId", "requestId" })
            if (response.TryGetValue(key, out var value) && value is string or long) return Values.PythonText.Str(value);
        if (response.TryGetValue("data", out var data) && data is Dictionary<string, object?> inner && inner.TryGetValue("id", out var id) && id is string or long)
            return Values.PythonText.Str(id);
        if (response.TryGetValue("headers", out var headers) && headers is Dictionary<string, object?> h &&
            (h.TryGetValue("Location", out var location) || h.TryGetValue("location", out location)) && location is string url)
            return url.TrimEnd('/').Split('/')[^1];
        return null;
    }
}
