using Siphon.Manifest;

namespace Siphon.Builder.Editing;

/// <summary>A field of a stream that is invalid, with the editor tab that shows it.</summary>
public sealed record FieldIssue(string Tab, string Message);

/// <summary>
/// Everything invalid in a stream's fields, by the tab of the stream editor that shows the field: the validator's problems,
/// templates that use a variable their step never has, and an async job's empty Completed status list (the job could
/// never finish). The tabs mark themselves with it, and Test opens the first one.
/// </summary>
public static class StreamFieldIssues
{
    public const string Request = "Request", Creation = "Creation", Polling = "Polling", Download = "Download", Schema = "Schema";

    // The first matching prefix under the retriever decides the tab of an async stream's field.
    private static readonly (string Prefix, string Tab)[] AsyncTabs =
    [
        ("creation_requester", Creation), ("decoder", Creation), ("partition_router", Creation),
        ("polling_requester", Polling), ("status_extractor", Polling), ("status_mapping", Polling), ("download_target_extractor", Polling),
        ("polling", Polling), ("polling_job_timeout", Polling), ("download_target_requester", Polling), ("abort_requester", Polling),
        ("delete_requester", Polling),
    ];

    public static IReadOnlyList<FieldIssue> Of(StreamModel stream, IEnumerable<ManifestError> problems)
    {
        var issues = new List<FieldIssue>();
        var prefix = $"streams[{stream.Index}].";
        foreach (var problem in problems.Where(p => p.Severity != ManifestSeverity.Warning && p.Path.StartsWith(prefix, StringComparison.Ordinal)))
            issues.Add(new(TabOf(stream, problem.Path[prefix.Length..]), $"line {problem.Position.Line}: {problem.Message}"));
        foreach (var (key, message) in TemplateCheck.RequestProblemsByRequester(stream)) issues.Add(new(TabOf(stream, "retriever." + key), message));
        if (EmptyCompleted(stream) is { } empty) issues.Add(new(Polling, empty));
        return issues;
    }

    /// <summary>Why the Completed status list is a problem (it is empty), or null.</summary>
    public static string? EmptyCompleted(StreamModel stream) =>
        stream.IsAsync && stream.CurrentRetriever.GetValueOrDefault("status_mapping") is Dictionary<string, object?> mapping
            && !mapping.ContainsKey("$ref") && !ValuePath.Strings(mapping.GetValueOrDefault("completed")).Any()
            ? "No status means completed: a job could never be read. Write the status the API answers once the export is ready."
            : null;

    private static string TabOf(StreamModel stream, string path)
    {
        if (path.StartsWith("schema_loader", StringComparison.Ordinal)) return Schema;
        if (!stream.IsAsync) return Request;
        if (path.StartsWith("incremental_sync", StringComparison.Ordinal)) return Creation;
        if (!path.StartsWith("retriever.", StringComparison.Ordinal)) return Download;
        var field = path["retriever.".Length..];
        foreach (var (prefix, tab) in AsyncTabs)
            if (field.StartsWith(prefix, StringComparison.Ordinal) && (field.Length == prefix.Length || field[prefix.Length] is '.' or '['))
                return tab;
        return Download;
    }
}
