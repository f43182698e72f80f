using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Jobs;

/// <summary>
/// Maps the statuses an API reports to <see cref="JobStatus"/>. Lookup is exact and case-sensitive on the value's
/// Python text (a missing value is "None"), as in the reference; a value listed under two statuses is a manifest error.
/// </summary>
public sealed class AsyncJobStatusMap
{
    private static readonly (string Field, JobStatus Status)[] Buckets =
    [
        ("running", JobStatus.Running), ("completed", JobStatus.Completed), ("failed", JobStatus.Failed),
        ("timeout", JobStatus.TimedOut), ("skipped", JobStatus.Skipped),
    ];

    public static readonly ComponentSpec Spec = new("AsyncJobStatusMap", ComponentKind.JobStatusMap,
        "Which API status values mean running, completed, failed, timed out or skipped.",
        [
            new FieldSpec("running", FieldType.StringList, "Values meaning the job is still running.") { Required = true },
            new FieldSpec("completed", FieldType.StringList, "Values meaning the result is ready.") { Required = true },
            new FieldSpec("failed", FieldType.StringList, "Values meaning the job failed (it is retried with a new job).") { Required = true },
            new FieldSpec("timeout", FieldType.StringList, "Values meaning the job timed out (it is aborted and retried).") { Required = true },
            new FieldSpec("skipped", FieldType.StringList, "Values meaning there is nothing to download for this slice."),
        ])
    {
        Factory = Build,
        Example = "type: AsyncJobStatusMap\nrunning: [pending]\ncompleted: [ready]\nfailed: [failed]\ntimeout: [timeout]\n",
    };

    private readonly Dictionary<string, JobStatus> _byValue;

    public AsyncJobStatusMap(Dictionary<string, JobStatus> byValue) => _byValue = byValue;

    public bool TryMap(string apiStatus, out JobStatus status) => _byValue.TryGetValue(apiStatus, out status);

    public string Describe() => string.Join(", ", Buckets.Select(b =>
        $"{b.Field}: [{string.Join(", ", _byValue.Where(p => p.Value == b.Status).Select(p => p.Key))}]"));

    private static object Build(ComponentNode node, BuildContext context)
    {
        var byValue = new Dictionary<string, JobStatus>(StringComparer.Ordinal);
        foreach (var (field, status) in Buckets)
        {
            if (node.Value(field) is not ManifestList values) continue;
            foreach (var value in values.Items.OfType<ManifestScalar>())
            {
                var text = Values.PythonText.Str(value.Value);
                if (byValue.TryGetValue(text, out var existing) && existing != status)
                    throw new ComponentBuildException(value.Position, node.FieldPath(field),
                        $"status '{text}' is listed under both '{Buckets.First(b => b.Status == existing).Field}' and '{field}'");
                byValue[text] = status;
            }
        }
        return new AsyncJobStatusMap(byValue);
    }
}
