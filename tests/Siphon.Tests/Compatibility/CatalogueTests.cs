using System.Diagnostics;
using Siphon.Manifest;
using Siphon.Source;
using Siphon.Templates;
using Siphon.Tests.Support;
using Xunit.Abstractions;

namespace Siphon.Tests.Compatibility;

/// <summary>
/// The Airbyte catalogue's manifest-only connectors, as users bring them: every manifest loads, every stream that
/// uses no custom Python component can run, and every template compiles.
/// </summary>
public sealed class CatalogueTests(ITestOutputHelper output)
{
    /// <summary>Manifests the reference itself rejects, which may stay rejected, each with why.</summary>
    private static readonly Dictionary<string, string> RejectedByTheReference = new(StringComparer.Ordinal)
    {
        // The reference builds a session token authenticator's expiration_duration with isodate.parse_duration, which
        // refuses a bare number of seconds, so this connector fails to start there too.
        ["source-feishu"] = "expiration_duration: \"7200\" is not an ISO 8601 duration",
    };

    /// <summary>
    /// Streams without custom Python that cannot run yet, by connector, each with why; docs/compatibility.md lists them
    /// too, and together they stay under 1 % of the catalogue's streams. None so far.
    /// </summary>
    private static readonly Dictionary<string, string> NotRunnableYet = new(StringComparer.Ordinal);

    [SharedDataFact("airbyte-catalogue")]
    public async Task Load_EveryCatalogueManifest_LoadsRunsEveryStreamWithoutClassNameAndCompilesEveryTemplate()
    {
        var files = Directory.GetDirectories(SharedTestData.Catalogue.Path).Select(d => Path.Combine(d, "manifest.yaml")).Where(File.Exists).Order().ToList();
        var failures = new List<string>();
        var total = Stopwatch.StartNew();
        var connectors = new List<ConnectorCompatibility>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            var watch = Stopwatch.StartNew();
            var loaded = await ConnectorLoader.LoadAsync(file, CancellationToken.None);
            var connector = ConnectorCompatibility.Assess(name, loaded, watch.Elapsed);
            connectors.Add(connector);
            if (!connector.Loads && !RejectedByTheReference.ContainsKey(name))
                failures.Add($"{name} does not load: {string.Join(" | ", loaded.Errors.Take(3))}");
            var blocked = connector.Streams.Where(s => !s.UsesCustomPython && !s.IsRunnable).ToList();
            if (blocked.Count > 0 && !NotRunnableYet.ContainsKey(name))
                failures.AddRange(blocked.Select(s => $"{name}: stream '{s.Name}' cannot run: {string.Join("; ", s.Blockers.Select(b => b.Problem))}"));
            if (connector.Loads && blocked.Count == 0 && NotRunnableYet.TryGetValue(name, out var stale))
                failures.Add($"{name}: every stream runs now; remove its exception ({stale})");
            failures.AddRange(TemplatesThatDoNotCompile(loaded.Document.Resolved, "").Select(t => $"{name}: {t}"));
        }
        total.Stop();

        var largest = connectors.Zip(files).MaxBy(c => new FileInfo(c.Second).Length);
        output.WriteLine($"{files.Count} manifests loaded in {total.Elapsed.TotalSeconds:0.00} s; largest {largest.First.Name} " +
                         $"({new FileInfo(largest.Second).Length / 1024} KiB) in {largest.First.LoadTime.TotalMilliseconds:0} ms");
        var withoutPython = connectors.Where(c => c.Loads).SelectMany(c => c.Streams).Where(s => !s.UsesCustomPython).ToList();
        Assert.True(withoutPython.Count(s => !s.IsRunnable) * 100 < withoutPython.Count, "more than 1 % of the streams without custom Python cannot run");
        Assert.True(files.Count > 400, $"only {files.Count} manifests found in {SharedTestData.Catalogue.Path}");
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n{string.Join("\n", failures)}");
    }

    /// <summary>
    /// Every template a connector runs, compiled on its own. Left out: <c>definitions</c> (read only where referenced,
    /// and then checked at that place) and <c>spec.advanced_auth</c>, whose templates the platform renders, not the connector.
    /// </summary>
    private static IEnumerable<string> TemplatesThatDoNotCompile(ManifestNode? node, string path)
    {
        switch (node)
        {
            case ManifestScalar { Value: string text } scalar when text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal):
                string? error = null;
                try
                {
                    Template.Compile(text);
                }
                catch (TemplateSyntaxException e)
                {
                    error = $"{scalar.Position}: {path}: {e.Message}";
                }
                if (error is not null) yield return error;
                break;
            case ManifestList list:
                for (var i = 0; i < list.Items.Count; i++)
                    foreach (var problem in TemplatesThatDoNotCompile(list.Items[i], $"{path}[{i}]")) yield return problem;
                break;
            case ManifestMap map:
                foreach (var entry in map.Entries)
                {
                    var child = path.Length == 0 ? entry.Key : $"{path}.{entry.Key}";
                    if (child is "definitions" or "spec.advanced_auth") continue;
                    foreach (var problem in TemplatesThatDoNotCompile(entry.Value, child)) yield return problem;
                }
                break;
        }
    }
}
