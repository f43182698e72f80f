namespace Siphon.Tests.Support;

/// <summary>Finds the repository root and the shared real manifests (test data, never copied into the repo).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string RealManifests =>
        Environment.GetEnvironmentVariable("SIPHON_REAL_MANIFESTS") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "real-manifests"));

    public static IEnumerable<string> RealManifestFiles() =>
        Directory.Exists(RealManifests)
            ? Directory.GetDirectories(RealManifests).Select(d => Path.Combine(d, "manifest.yaml")).Where(File.Exists).Order()
            : throw new DirectoryNotFoundException($"real manifests not found at {RealManifests}; set SIPHON_REAL_MANIFESTS");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Siphon.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Siphon.slnx) not found above " + AppContext.BaseDirectory);
    }
}
