using Siphon.Components;
using Siphon.Http;
using Siphon.Manifest;
using Siphon.Tests.Support;

namespace Siphon.Tests.Http;

/// <summary>
/// Builds every HttpRequester found in the real manifests (retrievers are not registered yet, so each requester is
/// validated on its own, without the $parameters of its parents; those that need them are skipped).
/// </summary>
public sealed class RealManifestRequesterTests
{
    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryPaths.RealManifestFiles()) data.Add(Path.GetFileName(Path.GetDirectoryName(file))!);
        return data;
    }

    [RealManifestsTheory]
    [MemberData(nameof(Manifests))]
    public async Task Build_HttpRequestersOfARealManifest_CompileAndBuild(string name)
    {
        var document = await ManifestDocument.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml"), CancellationToken.None);
        var built = 0;
        var failures = new List<string>();

        foreach (var requester in Find(document.Resolved!))
        {
            var at = requester.Position;
            ManifestScalar S(string text) => new(at, text, true, text);
            var retriever = new ManifestMap(at, [new("type", at, S("TestRetriever")), new("requester", at, requester)]);
            var stream = new ManifestMap(at, [new("name", at, S("items")), new("retriever", at, retriever)]);
            var check = new ManifestMap(at, [new("stream_names", at, new ManifestList(at, [S("items")]))]);
            var root = new ManifestMap(at, [new("version", at, S("6.5.0")), new("check", at, check), new("streams", at, new ManifestList(at, [stream]))]);
            var validation = ManifestValidator.Validate(new ManifestDocument(name, root, root, []), TestComponents.Registry);
            if (validation.Problems.Any(p => p.Severity != ManifestSeverity.Warning)) continue;
            var node = validation.Root!.Descendants().First(n => n.Spec.Type == "HttpRequester");
            try
            {
                new BuildContext(TestComponents.Registry, name).Build<HttpRequester>(node);
                built++;
            }
            catch (Exception e) when (e is ComponentBuildException or Siphon.Templates.TemplateException) { failures.Add($"{at}: {e.Message}"); }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(built > 0, "no requester could be validated on its own");
    }

    private static IEnumerable<ManifestMap> Find(ManifestNode node)
    {
        switch (node)
        {
            case ManifestMap map:
                if (map.GetText("type") == "HttpRequester") yield return map;
                foreach (var entry in map.Entries)
                    foreach (var found in Find(entry.Value)) yield return found;
                break;
            case ManifestList list:
                foreach (var item in list.Items)
                    foreach (var found in Find(item)) yield return found;
                break;
        }
    }
}
