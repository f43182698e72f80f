using Siphon.Retrieval;
using Siphon.Values;

namespace Siphon.Jobs;

/// <summary>
/// The running jobs of a stream, kept in its state under <c>async_jobs</c> (slice key → attempt, creation response,
/// creation time) so that a read started from a saved state polls the same jobs instead of creating new ones.
/// An entry is written, and a state checkpoint requested, as soon as the provider has accepted the job (step 1 of
/// <see cref="ICrashSafety"/>).
/// </summary>
internal sealed class DurableJobs(StreamStateStore state, ICrashSafety? crashSafety)
{
    public const string StateKey = "async_jobs";
    private readonly Lock _gate = new();

    public sealed record Entry(int Attempt, Dictionary<string, object?> CreationResponse, DateTimeOffset CreatedAt, IReadOnlyDictionary<int, long> SavedRecords);

    private const string SavedRecordsKey = "saved_records";

    public Entry? Find(string sliceKey)
    {
        lock (_gate)
        {
            if (state.Get(StateKey) is not Dictionary<string, object?> jobs || jobs.GetValueOrDefault(sliceKey) is not Dictionary<string, object?> entry)
                return null;
            // A state written by hand or by another tool: a wrong field is named, never read as a job that timed out long ago.
            var attempt = entry.GetValueOrDefault("attempt") switch
            {
                null => 1,
                long n when n is >= 1 and <= int.MaxValue => (int)n,
                var other => throw Invalid(sliceKey, "attempt", other, "a positive whole number"),
            };
            if (entry.GetValueOrDefault("created_at") is not string at
                || !DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created))
                throw Invalid(sliceKey, "created_at", entry.GetValueOrDefault("created_at"), "an ISO 8601 time");
            var response = entry.GetValueOrDefault("creation_response") switch
            {
                null => JsonValues.NewObject(),
                Dictionary<string, object?> value => value,
                var other => throw Invalid(sliceKey, "creation_response", other, "an object"),
            };
            return new Entry(attempt, response, created, SavedRecords(entry.GetValueOrDefault(SavedRecordsKey)));
        }
    }

    private static AsyncJobException Invalid(string sliceKey, string field, object? value, string expected) => new(
        $"the saved state is invalid: {StateKey}['{sliceKey}'].{field} is {value switch { null => "missing", Dictionary<string, object?> => "an object", List<object?> => "a list", _ => JsonValues.ToJson(value) }}, expected {expected}; " +
        "correct the state or read with a full refresh", Http.ErrorHandling.FailureType.ConfigError);

    /// <summary>
    /// Notes in a slice's entry how many records of each file were output, for the state about to be emitted in the
    /// middle of the slice; false when the slice has no entry (nothing to resume from).
    /// </summary>
    public bool SaveProgress(string sliceKey, IReadOnlyDictionary<int, long> records)
    {
        lock (_gate)
        {
            var jobs = Copy();
            if (jobs.GetValueOrDefault(sliceKey) is not Dictionary<string, object?> entry) return false;
            var saved = JsonValues.NewObject();
            foreach (var (part, count) in records) saved[part.ToString(System.Globalization.CultureInfo.InvariantCulture)] = count;
            var updated = new Dictionary<string, object?>(entry, StringComparer.Ordinal) { [SavedRecordsKey] = saved };
            jobs[sliceKey] = updated;
            state.Set(StateKey, jobs);
            return true;
        }
    }

    private static Dictionary<int, long> SavedRecords(object? value)
    {
        var saved = new Dictionary<int, long>();
        if (value is Dictionary<string, object?> parts)
            foreach (var (part, count) in parts)
                if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && count is long n && n > 0)
                    saved[index] = n;
        return saved;
    }

    public void Save(AsyncJob job)
    {
        lock (_gate)
        {
            var jobs = Copy();
            jobs[job.SliceKey] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["attempt"] = (long)job.Attempt,
                ["job_id"] = job.JobId,
                ["created_at"] = job.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["creation_response"] = WithoutHeaders(job.CreationResponse),
            };
            state.Set(StateKey, jobs);
            crashSafety?.RequestCheckpoint();
        }
    }

    /// <summary>Forgets a slice's job; the caller's next state message (the slice end) carries the removal.</summary>
    public void Remove(string sliceKey)
    {
        lock (_gate)
        {
            var jobs = Copy();
            if (!jobs.Remove(sliceKey)) return;
            state.Set(StateKey, jobs.Count == 0 ? null : jobs);
        }
    }

    private Dictionary<string, object?> Copy()
    {
        var copy = JsonValues.NewObject();
        if (state.Get(StateKey) is Dictionary<string, object?> jobs)
            foreach (var (key, value) in jobs) copy[key] = value;
        return copy;
    }

    /// <summary>Headers stay out of state except Location, the one a header-only job needs to be polled again.</summary>
    private static Dictionary<string, object?> WithoutHeaders(Dictionary<string, object?> response)
    {
        var copy = JsonValues.NewObject(response.Count);
        foreach (var (key, value) in response)
        {
            if (key == "request" && value is Dictionary<string, object?> request) copy[key] = WithoutCredentials(request);
            else if (key != "headers") copy[key] = value;
            else if (value is Dictionary<string, object?> headers)
            {
                var kept = JsonValues.NewObject();
                foreach (var (name, header) in headers)
                    if (name.Equals("location", StringComparison.OrdinalIgnoreCase)) kept[name] = header;
                copy[key] = kept;
            }
        }
        return copy;
    }

    /// <summary>
    /// The request a legacy template may read again on resume (its scope headers), without what carries credentials:
    /// authorization and cookie headers and any header whose name says key, token, secret or signature.
    /// </summary>
    private static Dictionary<string, object?> WithoutCredentials(Dictionary<string, object?> request)
    {
        var copy = JsonValues.NewObject(request.Count);
        foreach (var (key, value) in request)
        {
            if (key != "headers" || value is not Dictionary<string, object?> headers) { copy[key] = value; continue; }
            var kept = JsonValues.NewObject();
            foreach (var (name, header) in headers)
                if (!IsCredential(name)) kept[name] = header;
            copy[key] = kept;
        }
        return copy;
    }

    private static bool IsCredential(string header) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        || new[] { "key", "token", "secret", "signature", "auth" }.Any(word => header.Contains(word, StringComparison.OrdinalIgnoreCase));
}
