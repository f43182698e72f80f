using Siphon.Templates;
using YamlDotNet.RepresentationModel;

namespace Siphon.Tests.Templates;

/// <summary>Every template in the real connector manifests (read in place from the shared folder, never copied) must compile.</summary>
public sealed class RealManifestTemplateTests
{
    [RealManifestsFact]
    public void Compile_EveryTemplateInRealManifests_Succeeds()
    {
        var failures = new List<string>();
        var compiled = 0;
        foreach (var file in RealManifests.Files())
        {
            foreach (var (text, line) in TemplatesIn(file))
            {
                try
                {
                    Template.Compile(text, $"{Path.GetFileName(Path.GetDirectoryName(file))} line {line}");
                    compiled++;
                }
                catch (TemplateSyntaxException e)
                {
                    failures.Add($"{file}:{line}: {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(compiled >= 900, $"only {compiled} templates found: is the manifest folder complete?");
    }

    [RealManifestsFact]
    public void Compile_RealManifests_FindsTemplatesInEachOfThem()
    {
        var files = RealManifests.Files().ToList();
        Assert.Equal(6, files.Count);
        Assert.All(files, file => Assert.NotEmpty(TemplatesIn(file)));
    }

    /// <summary>Every scalar containing <c>{{</c> or <c>{%</c>, keys included, with its 1-based line.</summary>
    private static List<(string Text, long Line)> TemplatesIn(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(file)) yaml.Load(reader);
        var found = new List<(string, long)>();
        void Visit(YamlNode node)
        {
            switch (node)
            {
                case YamlScalarNode { Value: { } value } scalar when value.Contains("{{", StringComparison.Ordinal) || value.Contains("{%", StringComparison.Ordinal):
                    found.Add((value, scalar.Start.Line));
                    break;
                case YamlMappingNode map:
                    foreach (var (key, child) in map.Children) { Visit(key); Visit(child); }
                    break;
                case YamlSequenceNode sequence:
                    foreach (var child in sequence.Children) Visit(child);
                    break;
            }
        }
        foreach (var document in yaml.Documents) Visit(document.RootNode);
        return found;
    }
}

/// <summary>
/// Where the shared real manifests live: <c>SIPHON_REAL_MANIFESTS</c>, else <c>../shared/real-manifests</c> next to the
/// repository root (found by walking up from the test binaries to <c>Siphon.slnx</c>).
/// </summary>
internal static class RealManifests
{
    public static string? Folder { get; } = Locate();

    public static IEnumerable<string> Files() =>
        Directory.EnumerateDirectories(Folder!).Select(dir => Path.Combine(dir, "manifest.yaml")).Where(File.Exists).Order(StringComparer.Ordinal);

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("SIPHON_REAL_MANIFESTS");
        if (!string.IsNullOrEmpty(configured)) return Directory.Exists(configured) ? configured : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Siphon.slnx"))) continue;
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "real-manifests"));
            return Directory.Exists(candidate) ? candidate : null;
        }
        return null;
    }
}

/// <summary>A fact that is skipped, saying why, when the real manifests are not on this machine.</summary>
public sealed class RealManifestsFactAttribute : FactAttribute
{
    public RealManifestsFactAttribute()
    {
        if (RealManifests.Folder is null)
            Skip = "real manifests not found: set SIPHON_REAL_MANIFESTS or put them in ../shared/real-manifests next to the repository";
    }
}
