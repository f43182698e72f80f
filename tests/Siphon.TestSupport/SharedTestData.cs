using Xunit;

namespace Siphon.TestSupport;

/// <summary>
/// Test data that lives outside the repository (real manifests written by others: test data only, never copied in).
/// A clone on its own has none of it, so the tests that need it are skipped, saying which folder and variable; CI
/// has it and sets <c>SIPHON_REQUIRE_TEST_DATA=1</c>, which turns each such skip into a failure, so CI always runs them.
/// </summary>
public static class SharedTestData
{
    public const string RequireVariable = "SIPHON_REQUIRE_TEST_DATA";

    /// <summary>True when missing test data is a failure rather than a skip (CI).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    /// <summary>The six real manifests of <c>../shared/real-manifests</c>.</summary>
    public static TestDataFolder RealManifests { get; } = new("SIPHON_REAL_MANIFESTS", "real-manifests");

    /// <summary>The Airbyte catalogue's manifest-only connectors of <c>../shared/airbyte-catalogue</c>.</summary>
    public static TestDataFolder Catalogue { get; } = new("SIPHON_CATALOGUE", "airbyte-catalogue");

    /// <summary>The reference's manifest schema of <c>../shared/airbyte-cdk-schema</c>.</summary>
    public static TestDataFolder CdkSchema { get; } = new("SIPHON_CDK_SCHEMA", "airbyte-cdk-schema");

    /// <summary>The folder whose shared name is <paramref name="sharedName"/> (e.g. <c>airbyte-catalogue</c>).</summary>
    public static TestDataFolder Named(string sharedName) =>
        new[] { RealManifests, Catalogue, CdkSchema }.SingleOrDefault(f => f.SharedName == sharedName)
        ?? throw new ArgumentException($"no shared test data named '{sharedName}'", nameof(sharedName));

    /// <summary>The repository's root: the folder above the test binaries that holds <c>Siphon.slnx</c>.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Siphon.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Siphon.slnx) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// One folder of outside test data: the one named by <paramref name="Variable"/>, else <c>../shared/NAME</c> beside
/// the repository.
/// </summary>
public sealed record TestDataFolder(string Variable, string SharedName)
{
    public string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
        ? System.IO.Path.GetFullPath(configured)
        : System.IO.Path.GetFullPath(System.IO.Path.Combine(SharedTestData.RepositoryRoot, "..", "shared", SharedName));

    public bool Exists => Directory.Exists(Path);

    /// <summary>Why a test needing this folder is skipped here, or null when it runs (the folder is there, or CI).</summary>
    public string? SkipReason => Exists || SharedTestData.Required
        ? null
        : $"test data not found at {Path}: set {Variable} to its folder, or put it in ../shared/{SharedName} beside the repository ({SharedTestData.RequireVariable}=1 makes this a failure)";

    /// <summary>The folder, or a failure that says where it was looked for.</summary>
    public string Require() => Exists
        ? Path
        : throw new DirectoryNotFoundException($"test data not found at {Path}: set {Variable} to its folder, or put it in ../shared/{SharedName} beside the repository");

    /// <summary>The file at <paramref name="relative"/> inside the folder (failing as <see cref="Require"/> when absent).</summary>
    public string File(string relative) => System.IO.Path.Combine(Require(), relative);

    /// <summary>Each sub-folder's <c>manifest.yaml</c>, in name order.</summary>
    public IEnumerable<string> ManifestFiles() =>
        Directory.GetDirectories(Require()).Select(d => System.IO.Path.Combine(d, "manifest.yaml")).Where(System.IO.File.Exists).Order(StringComparer.Ordinal);

    /// <summary>The names of the sub-folders that hold a manifest; none (the test is skipped) when the folder is absent.</summary>
    public IEnumerable<string> ConnectorNames() => Exists || SharedTestData.Required
        ? ManifestFiles().Select(f => System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(f))!)
        : [];
}

/// <summary>A fact that needs the shared test data named <c>sharedName</c>: skipped without it, except in CI.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string sharedName) => Skip = SharedTestData.Named(sharedName).SkipReason;
}

/// <summary>A fact that needs the real manifests: skipped without them, except in CI.</summary>
public sealed class RealManifestsFactAttribute : FactAttribute
{
    public RealManifestsFactAttribute() => Skip = SharedTestData.RealManifests.SkipReason;
}

/// <summary>A theory that needs the real manifests: skipped without them, except in CI.</summary>
public sealed class RealManifestsTheoryAttribute : TheoryAttribute
{
    public RealManifestsTheoryAttribute() => Skip = SharedTestData.RealManifests.SkipReason;
}

/// <summary>A fact that needs the Airbyte catalogue: skipped without it, except in CI.</summary>
public sealed class CatalogueFactAttribute : FactAttribute
{
    public CatalogueFactAttribute() => Skip = SharedTestData.Catalogue.SkipReason;
}

/// <summary>A theory that needs the Airbyte catalogue: skipped without it, except in CI.</summary>
public sealed class CatalogueTheoryAttribute : TheoryAttribute
{
    public CatalogueTheoryAttribute() => Skip = SharedTestData.Catalogue.SkipReason;
}
