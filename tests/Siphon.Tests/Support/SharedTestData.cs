namespace Siphon.Tests.Support;

/// <summary>
/// Test data shared by the engineers and never copied into the repository: the folder an environment variable
/// names, else <c>../shared/NAME</c> next to the repository root. Missing, its tests are skipped with a reason naming
/// both, unless SIPHON_REQUIRE_TEST_DATA=1, in which case they run and fail.
/// </summary>
public sealed record SharedTestData(string Name, string Variable)
{
    public static readonly SharedTestData Catalogue = new("airbyte-catalogue", "SIPHON_CATALOGUE");
    public static readonly SharedTestData CdkSchema = new("airbyte-cdk-schema", "SIPHON_CDK_SCHEMA");

    public string Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
        ? configured
        : Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", Name));

    public string? SkipReason => Directory.Exists(Folder) || Environment.GetEnvironmentVariable("SIPHON_REQUIRE_TEST_DATA") == "1"
        ? null
        : $"{Name} not found at {Folder}: set {Variable} to its folder (SIPHON_REQUIRE_TEST_DATA=1 makes this a failure)";

    public static SharedTestData Named(string name) =>
        new[] { Catalogue, CdkSchema }.SingleOrDefault(d => d.Name == name) ?? throw new ArgumentException($"no shared test data named '{name}'", nameof(name));
}

/// <summary>A fact that needs shared test data: skipped, saying where it looked, when the data is not on this machine.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(string name)
    {
        if (SharedTestData.Named(name).SkipReason is { } reason) Skip = reason;
    }
}
