using Siphon.Manifest;
using Siphon.Source;
using Siphon.Tests.Support;

namespace Siphon.Tests.Manifest;

/// <summary>Manifests written by others must load, resolve and validate with no error from Siphon's own stages.</summary>
public sealed class RealManifestLoadingTests
{
    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryPaths.RealManifestFiles())
            data.Add(Path.GetFileName(Path.GetDirectoryName(file))!);
        return data;
    }

    private static readonly ManifestErrorKind[] LoaderKinds =
    [
        ManifestErrorKind.Syntax, ManifestErrorKind.DuplicateKey, ManifestErrorKind.DanglingReference,
        ManifestErrorKind.CircularReference, ManifestErrorKind.InvalidReference,
    ];

    [RealManifestsTheory]
    [MemberData(nameof(Manifests))]
    public async Task Load_RealManifest_ResolvesWithoutLoaderErrors(string name)
    {
        var path = Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml");

        var loaded = await ConnectorLoader.LoadAsync(path, CancellationToken.None);

        Assert.DoesNotContain(loaded.Problems, p => LoaderKinds.Contains(p.Kind));
        Assert.Empty(loaded.Errors);
        Assert.NotNull(loaded.Definition);
        Assert.NotEmpty(loaded.Definition.Streams);
        Assert.All(loaded.Problems.Where(p => p.Severity != ManifestSeverity.Warning),
            p => Assert.Contains(p.Kind, new[] { ManifestErrorKind.UnsupportedType, ManifestErrorKind.CustomComponent }));
        // Every variable their templates read is one Siphon binds: the typo warning stays quiet on real manifests.
        Assert.DoesNotContain(loaded.Problems, p => p.Kind == ManifestErrorKind.InvalidTemplate);
    }

    [RealManifestsFact]
    public async Task Load_Sendgrid_FindsItsAsyncContactsStream()
    {
        var loaded = await ConnectorLoader.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, "sendgrid", "manifest.yaml"), CancellationToken.None);

        var contacts = loaded.Definition!.FindStream("contacts");
        Assert.Equal(StreamKind.Asynchronous, contacts!.Kind);
        Assert.Equal(1, loaded.Definition.Streams.Count(s => s.Kind == StreamKind.Asynchronous));
    }

    [RealManifestsFact]
    public async Task Load_BingAds_ReportsCustomComponentsByNameAndPosition()
    {
        var loaded = await ConnectorLoader.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, "bing-ads", "manifest.yaml"), CancellationToken.None);

        var custom = loaded.Problems.Where(p => p.Kind == ManifestErrorKind.CustomComponent).ToList();
        Assert.Contains(custom, p => p.Message.Contains("'source_bing_ads.components.BingAdsCampaignsRecordTransformer'") && p.Position.Line > 1);
        Assert.All(custom, p => Assert.Equal(ManifestSeverity.Unsupported, p.Severity));
    }

    [RealManifestsFact]
    public async Task Load_AppStoreConnect_ResolvesReferencesIntoTheStreamsList()
    {
        var document = await ManifestDocument.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, "app-store-connect", "manifest.yaml"), CancellationToken.None);

        Assert.Empty(document.Errors);
        var text = Siphon.Values.JsonValues.ToJson(document.Resolved!.ToValue());
        Assert.DoesNotContain("\"$ref\"", text);
    }
}
