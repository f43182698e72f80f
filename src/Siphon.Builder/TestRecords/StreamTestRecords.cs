using System.Collections.Concurrent;
using System.Text.Json;
using Siphon.Builder.Projects;
using Siphon.Http;
using Siphon.Testing;

namespace Siphon.Builder.TestRecords;

/// <summary>
/// Each project's last test per stream, kept on disk beside the manifest (<c>test-records/&lt;stream&gt;.json</c>) so it
/// survives a restart of <c>siphon serve</c>, and in memory for the pages that show it. What is written went through the
/// test reader's redaction and is redacted again with the testing values' secrets: a record may be committed with the manifest.
/// </summary>
public sealed class StreamTestRecords
{
    public const string Folder = "test-records";

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StreamTestRecord>> _projects = new(StringComparer.Ordinal);

    /// <summary>Raised with the project's folder after a record was kept, so every tab showing it re-renders.</summary>
    public event Action<string>? Recorded;

    public StreamTestRecord? Find(ConnectorProject project, string stream) => Of(project).GetValueOrDefault(stream);

    public async Task KeepAsync(ConnectorProject project, StreamTestRecord record, IEnumerable<SecretRedactor> redactors, CancellationToken cancellationToken)
    {
        var json = redactors.Aggregate(JsonSerializer.Serialize(record, StreamReadResult.JsonOptions), (text, redactor) => redactor.Redact(text));
        var kept = JsonSerializer.Deserialize<StreamTestRecord>(json, StreamReadResult.JsonOptions) ?? record;
        Of(project)[record.Stream] = kept;
        var folder = Path.Combine(project.Directory, Folder);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(PathOf(folder, record.Stream), json, cancellationToken);
        Recorded?.Invoke(project.Directory);
    }

    private ConcurrentDictionary<string, StreamTestRecord> Of(ConnectorProject project) => _projects.GetOrAdd(project.Directory, Load);

    private static ConcurrentDictionary<string, StreamTestRecord> Load(string directory)
    {
        var records = new ConcurrentDictionary<string, StreamTestRecord>(StringComparer.Ordinal);
        var folder = Path.Combine(directory, Folder);
        if (!Directory.Exists(folder)) return records;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            try
            {
                if (JsonSerializer.Deserialize<StreamTestRecord>(File.ReadAllText(file), StreamReadResult.JsonOptions) is { } record)
                    records[record.Stream] = record;
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // A damaged record is a stream shown as untested, not a project that cannot open.
            }
        }
        return records;
    }

    private static string PathOf(string folder, string stream) => Path.Combine(folder, Uri.EscapeDataString(stream) + ".json");
}
