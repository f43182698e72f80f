using Siphon.Manifest;
using Siphon.Source;
using Siphon.Tests.Support;
using Siphon.Values;

namespace Siphon.Tests.Corpus;

/// <summary>
/// The checked-in corpus of broken manifests (<c>Corpus/broken/*.yaml</c>, each a small edit of <c>Corpus/valid.yaml</c>):
/// <c>expectations.json</c> pins, for every file, the exact problem it must produce (file:line:col: field path: message)
/// and its kind. Loading goes through the real registry and never throws.
/// </summary>
public sealed class BrokenManifestCorpusTests
{
    private static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "Siphon.Tests", "Corpus");

    private static Dictionary<string, object?> Expectations() =>
        (Dictionary<string, object?>)JsonValues.Parse(File.ReadAllBytes(Path.Combine(Directory, "expectations.json")))!;

    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Directory, "broken"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [Fact]
    public async Task Load_TheValidBase_HasNoProblems()
    {
        var loaded = await ConnectorLoader.LoadAsync(Path.Combine(Directory, "valid.yaml"), CancellationToken.None);

        Assert.True(loaded.Problems.Count == 0, string.Join("\n", loaded.Problems));
        Assert.NotNull(loaded.Definition);
    }

    [Fact]
    public void Corpus_HasAtLeastFiftyBrokenManifests_EachWithAnExpectation()
    {
        var files = System.IO.Directory.GetFiles(Path.Combine(Directory, "broken"), "*.yaml").Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.True(files.Count >= 50, $"only {files.Count} broken manifests");
        Assert.Equal(files.Order(StringComparer.Ordinal), Expectations().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task Load_BrokenManifest_ReportsTheExactProblem(string name)
    {
        var loaded = await ConnectorLoader.LoadAsync(Path.Combine(Directory, "broken", name + ".yaml"), CancellationToken.None);
        var found = string.Join("\n", loaded.Problems.Select(p => $"{p.Kind} {p.Severity}: {p}"));
        Assert.True(Expectations().TryGetValue(name, out var entry), $"no expectation for {name}; it reports:\n{found}");
        var expected = (Dictionary<string, object?>)entry!;

        var problem = loaded.Problems.FirstOrDefault(p => p.ToString() == (string)expected["problem"]!);
        Assert.True(problem is not null, $"{name}: expected\n  {expected["problem"]}\nbut got:\n{found}");
        Assert.Equal((string)expected["kind"]!, problem.Kind.ToString());
        Assert.Equal((string?)expected.GetValueOrDefault("severity") ?? "Error", problem.Severity.ToString());
        if (problem.Severity == ManifestSeverity.Error) Assert.True(loaded.HasErrors);
        Assert.DoesNotContain("   at ", found, StringComparison.Ordinal);
    }
}
