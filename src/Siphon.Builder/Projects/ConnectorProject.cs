using System.Text.Json;
using Siphon.Values;

namespace Siphon.Builder.Projects;

/// <summary>
/// A connector project: a folder holding <c>manifest.yaml</c> and <c>testing-values.json</c> (the inputs' testing
/// values, secrets included, kept out of the manifest and readable by the owner only), and while the author types YAML
/// that was not applied yet, <c>manifest.draft.yaml</c>, so a reload does not throw the typed text away.
/// </summary>
public sealed class ConnectorProject
{
    public const string ManifestFile = "manifest.yaml", TestingValuesFile = "testing-values.json", DraftFile = "manifest.draft.yaml";

    internal ConnectorProject(string directory) => Directory = directory;

    public string Directory { get; private set; }
    public string Name => Path.GetFileName(Directory);
    public string ManifestPath => Path.Combine(Directory, ManifestFile);
    public string TestingValuesPath => Path.Combine(Directory, TestingValuesFile);
    public string DraftPath => Path.Combine(Directory, DraftFile);

    public Task<string> ReadManifestAsync(CancellationToken cancellationToken) =>
        File.Exists(ManifestPath) ? File.ReadAllTextAsync(ManifestPath, cancellationToken) : Task.FromResult(ManifestTemplates.Empty);

    public Task SaveManifestAsync(string yaml, CancellationToken cancellationToken) => File.WriteAllTextAsync(ManifestPath, yaml, cancellationToken);

    public async Task<string?> ReadDraftAsync(CancellationToken cancellationToken) =>
        File.Exists(DraftPath) ? await File.ReadAllTextAsync(DraftPath, cancellationToken) : null;

    public Task SaveDraftAsync(string? yaml, CancellationToken cancellationToken)
    {
        if (yaml is not null) return File.WriteAllTextAsync(DraftPath, yaml, cancellationToken);
        File.Delete(DraftPath);
        return Task.CompletedTask;
    }

    public async Task<Dictionary<string, object?>> ReadTestingValuesAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(TestingValuesPath)) return JsonValues.NewObject();
        var text = await File.ReadAllTextAsync(TestingValuesPath, cancellationToken);
        try { return JsonValues.Parse(text) as Dictionary<string, object?> ?? JsonValues.NewObject(); }
        catch (JsonException) { return JsonValues.NewObject(); }
    }

    public async Task SaveTestingValuesAsync(IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        // Created with owner-only permissions before any secret is written into it.
        if (!File.Exists(TestingValuesPath)) await File.WriteAllTextAsync(TestingValuesPath, "{}", cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(TestingValuesPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(TestingValuesPath, JsonValues.ToJson(values), cancellationToken);
    }

    /// <summary>
    /// Keeps the config a test read's authenticator rotated (a single-use refresh token replaced by a new one) in the
    /// saved testing values, so the next test read starts from the new token instead of one the API already refused.
    /// Merged into the values on disk: another tab may have saved inputs since the run started.
    /// </summary>
    public async Task<Dictionary<string, object?>> KeepConfigUpdateAsync(IReadOnlyDictionary<string, object?> config, CancellationToken cancellationToken)
    {
        var merged = await ReadTestingValuesAsync(cancellationToken);
        foreach (var (key, value) in config)
            if (!key.StartsWith("__", StringComparison.Ordinal)) merged[key] = value;
        await SaveTestingValuesAsync(merged, cancellationToken);
        return merged;
    }

    internal void MovedTo(string directory) => Directory = directory;
}
