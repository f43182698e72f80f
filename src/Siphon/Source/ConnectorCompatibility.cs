using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Source;

/// <summary>Why one stream cannot run: where the part that stops it is written, and what is said of it.</summary>
public sealed record StreamBlocker(ManifestError Problem)
{
    /// <summary>A custom Python component (<c>class_name</c>): never runnable in Siphon, unlike everything else here.</summary>
    public bool IsCustomPython => Problem.Kind == ManifestErrorKind.CustomComponent;

    /// <summary>The reason without the names that vary from one manifest to the next, so that equal reasons count together.</summary>
    public string Group => Problem.Kind switch
    {
        ManifestErrorKind.CustomComponent => "custom Python component (class_name)",
        _ => Problem.Message.Split(": ", 2)[0],
    };
}

/// <summary>One stream of a connector (a generated dynamic stream counts as one) and what stops it, if anything.</summary>
public sealed record StreamCompatibility(string Name, string Path, IReadOnlyList<StreamBlocker> Blockers)
{
    public bool IsRunnable => Blockers.Count == 0;
    public bool UsesCustomPython => Blockers.Any(b => b.IsCustomPython);
}

/// <summary>
/// How far Siphon can use one manifest: whether it loads, which streams can run and why the others cannot.
/// Read from the loader's problems, where <see cref="UnsupportedScope"/> has already decided what each part stops.
/// </summary>
public sealed record ConnectorCompatibility(string Name, LoadedConnector Loaded, IReadOnlyList<StreamCompatibility> Streams, TimeSpan LoadTime)
{
    public bool Loads => !Loaded.HasErrors;

    public IReadOnlyList<string> CheckBlockers => Loaded.Definition?.CheckUnsupportedReasons ?? [];

    public static ConnectorCompatibility Assess(string name, LoadedConnector loaded, TimeSpan loadTime)
    {
        var unsupported = loaded.Problems.Where(p => p.Severity == ManifestSeverity.Unsupported).ToList();
        var streams = new List<StreamCompatibility>();
        var root = loaded.Document.Resolved as ManifestMap;
        foreach (var field in new[] { "streams", "dynamic_streams" })
        {
            if (root?[field] is not ManifestList list) continue;
            for (var i = 0; i < list.Items.Count; i++)
            {
                var path = $"{field}[{i}]";
                var entry = list.Items[i] as ManifestMap;
                var blockers = unsupported.Where(p => UnsupportedScope.StopsStream(p.Path, path)).Select(p => new StreamBlocker(p)).ToList();
                // A ConditionalStreams entry stands for each stream it holds.
                var inner = entry?["type"] is ManifestScalar { Text: "ConditionalStreams" } && entry["streams"] is ManifestList held
                    ? held.Items.Select(n => n as ManifestMap).ToList() : [entry];
                foreach (var stream in inner)
                    streams.Add(new StreamCompatibility(stream?.GetText("name") ?? path, path, blockers));
            }
        }
        return new ConnectorCompatibility(name, loaded, streams, loadTime);
    }
}
