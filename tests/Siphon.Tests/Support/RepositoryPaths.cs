namespace Siphon.Tests.Support;

/// <summary>Finds the repository root and the shared real manifests (test data, never copied into the repo).</summary>
public static class RepositoryPaths
{
    public static string Root => SharedTestData.RepositoryRoot;

    /// <summary>The real manifests' folder (tests that read it are <see cref="RealManifestsFactAttribute"/> or -Theory).</summary>
    public static string RealManifests => SharedTestData.RealManifests.Path;

    public static IEnumerable<string> RealManifestFiles() => SharedTestData.RealManifests.ManifestFiles();
}
