using Siphon.Manifest;
using Siphon.Source;
using Siphon.Templates;
using Siphon.Tests.Support;
using Xunit.Abstractions;

namespace Siphon.Tests.RealManifests;

/// <summary>
/// Every manifest in the shared real-manifests folder (read in place, never copied): it validates, its custom Python
/// components are reported by name and position and make only their own streams unsupported, its streams are listed
/// with their kinds, and every template of every stream renders against a sample config.
/// </summary>
public sealed class RealManifestConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryPaths.RealManifestFiles()) data.Add(Path.GetFileName(Path.GetDirectoryName(file))!);
        return data;
    }

    private static Task<LoadedConnector> LoadAsync(string name) =>
        ConnectorLoader.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml"), CancellationToken.None);

    [RealManifestsTheory]
    [MemberData(nameof(Manifests))]
    public async Task Load_RealManifest_OnlyStreamsUsingCustomComponentsAreUnsupported(string name)
    {
        var loaded = await LoadAsync(name);

        Assert.Empty(loaded.Errors);
        Assert.All(loaded.Problems.Where(p => p.Severity == ManifestSeverity.Unsupported), p => Assert.Equal(ManifestErrorKind.CustomComponent, p.Kind));
        Assert.All(loaded.Definition!.Streams.Where(s => !s.IsSupported),
            s => Assert.All(s.UnsupportedReasons, r => Assert.Contains("custom Python component '", r)));
    }

    [RealManifestsTheory]
    [MemberData(nameof(Manifests))]
    public async Task Load_RealManifest_ReportsEachCustomComponentByClassNameAtItsPosition(string name)
    {
        var loaded = await LoadAsync(name);
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml"));

        foreach (var problem in loaded.Problems.Where(p => p.Kind == ManifestErrorKind.CustomComponent))
        {
            var className = problem.Message.Split('\'')[1];
            // The position is the custom component's mapping (its class_name among the first lines), or the $ref that
            // pulls a shared custom component into a stream.
            var near = lines.Skip(problem.Position.Line - 1).Take(6).ToList();
            Assert.True(near.Any(line => line.Contains("class_name", StringComparison.Ordinal) && line.Contains(className, StringComparison.Ordinal))
                || near[0].Contains("$ref", StringComparison.Ordinal), $"{problem} does not point at {className}");
            Assert.Contains(lines, line => line.Contains("class_name", StringComparison.Ordinal) && line.Contains(className, StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, int, int, int> StreamCounts() => new()
    {
        // manifest, streams, asynchronous, supported
        { "amazon-ads", 37, 13, 37 },
        { "amazon-seller-partner", 44, 37, 0 },
        { "app-store-connect", 29, 4, 29 },
        { "bing-ads", 15, 13, 0 },
        { "sendgrid", 16, 1, 16 },
        { "unify", 7, 6, 7 },
    };

    [RealManifestsTheory]
    [MemberData(nameof(StreamCounts))]
    public async Task Load_RealManifest_ListsItsStreamsWithTheirKinds(string name, int streams, int asynchronous, int supported)
    {
        var loaded = await LoadAsync(name);
        var definition = loaded.Definition!;
        foreach (var stream in definition.Streams)
            output.WriteLine($"{stream.Name,-60} {stream.Kind,-12} {(stream.IsSupported ? "supported" : "unsupported: " + string.Join("; ", stream.UnsupportedReasons.Select(Reason).Distinct()))}");

        Assert.Equal(streams, definition.Streams.Count);
        Assert.Equal(asynchronous, definition.Streams.Count(s => s.Kind == StreamKind.Asynchronous));
        Assert.Equal(supported, definition.Streams.Count(s => s.IsSupported));
        Assert.DoesNotContain(definition.Streams, s => s.Kind == StreamKind.Unknown && s.IsSupported);
    }

    [RealManifestsTheory]
    [MemberData(nameof(Manifests))]
    public async Task Render_EveryTemplateOfEveryStream_RendersOrLacksOnlySampleData(string name)
    {
        var path = Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml");
        var document = await ManifestDocument.LoadAsync(path, CancellationToken.None);
        var root = Assert.IsType<ManifestMap>(document.Resolved);
        var spec = (root["spec"] as ManifestMap)?["connection_specification"]?.ToValue() as Dictionary<string, object?>;
        var scope = SampleScope.For(await File.ReadAllTextAsync(path), spec?.GetValueOrDefault("properties") as Dictionary<string, object?>);
        var failures = new List<string>();
        var lackingData = new List<string>();
        var rendered = 0;

        foreach (var stream in Assert.IsType<ManifestList>(root["streams"]).Items)
        {
            var streamName = (stream as ManifestMap)?.GetText("name") ?? "?";
            foreach (var (text, position) in Templates(stream).Distinct())
            {
                try
                {
                    Template.Compile(text, $"{streamName} at {position}").Evaluate(scope);
                    rendered++;
                }
                catch (TemplateEvaluationException e) when (LacksSampleData(e))
                {
                    lackingData.Add($"{position} ({streamName}): {e.Message}");
                }
                catch (TemplateException e)
                {
                    failures.Add($"{position} ({streamName}): {e.Message}");
                }
            }
        }

        output.WriteLine($"{name}: {rendered} templates rendered, {lackingData.Count} lack a record/response field of the sample data, {failures.Count} failed");
        foreach (var lacking in lackingData.Distinct()) output.WriteLine("  sample data lacks: " + lacking);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(rendered >= 9 * (rendered + lackingData.Count) / 10, $"only {rendered} of {rendered + lackingData.Count} templates rendered");
    }

    /// <summary>A failure that only says the sample record, response or config lacks a field this template reads.</summary>
    private static bool LacksSampleData(TemplateEvaluationException e) =>
        e.Message.Contains("is missing", StringComparison.Ordinal) || e.Message.Contains("not undefined", StringComparison.Ordinal)
        || e.Message.Contains("'NoneType'", StringComparison.Ordinal);

    private static string Reason(string reason) => reason[(reason.IndexOf(": ", StringComparison.Ordinal) + 2)..];

    /// <summary>Every scalar holding <c>{{</c> or <c>{%</c>, skipping inline JSON Schemas (descriptions, not templates).</summary>
    private static IEnumerable<(string Text, SourcePosition Position)> Templates(ManifestNode node)
    {
        switch (node)
        {
            case ManifestScalar { Value: string text } scalar when text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal):
                yield return (text, scalar.Position);
                break;
            case ManifestMap map:
                foreach (var entry in map.Entries.Where(e => e.Key is not ("schema_loader" or "schema")))
                    foreach (var found in Templates(entry.Value)) yield return found;
                break;
            case ManifestList list:
                foreach (var item in list.Items)
                    foreach (var found in Templates(item)) yield return found;
                break;
        }
    }
}
