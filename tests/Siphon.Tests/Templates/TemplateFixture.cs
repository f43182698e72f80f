using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Tests.Templates;

/// <summary>
/// The shared test data of the template suite: <c>TemplateCases.json</c> holds the scope (config, record, slice...), the
/// pinned clock and the case tables, so the same file can be checked against the Python reference.
/// </summary>
internal static class TemplateFixture
{
    private static readonly Lazy<Dictionary<string, object?>> Cases = new(() =>
        (Dictionary<string, object?>)JsonValues.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Templates", "TemplateCases.json")))!);

    public static DateTimeOffset Now => DateTimeOffset.Parse((string)Cases.Value["now"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A fresh scope per test: templates may mutate lists they build, never the fixture.</summary>
    public static TemplateScope Scope(TemplateLimits? limits = null)
    {
        var variables = (Dictionary<string, object?>)JsonValues.Parse(JsonValues.ToJson(Cases.Value["scope"]))!;
        return new TemplateScope(variables, new FixedTime(Now), limits);
    }

    public static IEnumerable<object?[]> Table(string name) =>
        ((List<object?>)Cases.Value[name]!).Cast<List<object?>>().Select(row => row.ToArray());

    public static string Describe(object? value) => PyText.Repr(value);
}

/// <summary>A clock stopped at one instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
