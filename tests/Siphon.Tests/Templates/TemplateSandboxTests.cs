using System.Diagnostics;
using Siphon.Templates;

namespace Siphon.Tests.Templates;

/// <summary>
/// Hostile templates (the catalogue in <c>HostileTemplates.json</c>) end in a clear <see cref="TemplateException"/> within
/// <see cref="HostileTemplateCatalogue.Bound"/>: no hang, no crash, no host access. The class runs alone (see
/// <see cref="TimingCollection"/>) so the bound measures the engine, not the other tests.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class TemplateSandboxTests
{
    /// <summary>The catalogue, <c>HostileTemplates.json</c>: category, name, template and the fragment its error must contain.</summary>
    public static TheoryData<string, string, string> HostileTemplates()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var entry in HostileTemplateCatalogue.Load()) data.Add($"{entry.Category}: {entry.Name}", entry.Template, entry.Expect);
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileTemplates))]
    public void Evaluate_HostileTemplate_FailsClearlyWithinTheBound(string name, string template, string expectedFragment)
    {
        var clock = Stopwatch.StartNew();
        Exception? error = null;
        object? result = null;
        try
        {
            result = Template.Compile(template).Evaluate(TemplateFixture.Scope());
        }
        catch (Exception e)
        {
            error = e;
        }
        clock.Stop();

        var shown = template.Length > 200 ? template[..200] + "…" : template;
        Assert.True(error is not null, $"{name}: {shown} evaluated to {TemplateFixture.Describe(result)[..Math.Min(200, TemplateFixture.Describe(result).Length)]} instead of failing");
        Assert.True(error is TemplateException, $"{name}: {shown} threw {error.GetType().Name}: {error}");
        Assert.False(error.Message.StartsWith("evaluation failed:", StringComparison.Ordinal), $"{name}: an internal error leaked: {error.InnerException}");
        Assert.True(error.Message.Contains(expectedFragment, StringComparison.Ordinal), $"{name}: expected '{expectedFragment}' in: {error.Message}");
        Assert.True(clock.Elapsed < HostileTemplateCatalogue.Bound, $"{name} took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Catalogue_CoversEveryCategoryOfAttack()
    {
        var categories = HostileTemplateCatalogue.Load().GroupBy(e => e.Category).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(["deep nesting", "environment", "files", "giant numbers", "giant strings", "host access", "reflection", "unbounded loops"], categories.Keys.Order());
        Assert.All(categories, c => Assert.True(c.Value >= 5, $"{c.Key} has only {c.Value} templates"));
    }

    [Fact]
    public void Evaluate_HostileRenderedText_StaysAStringWithoutRecursing()
    {
        var result = Template.Compile("{{ '[' * 100000 }}").Evaluate(TemplateFixture.Scope());
        Assert.Equal(100_000, Assert.IsType<string>(result).Length);
        Assert.Equal("'" + new string('-', 5000) + "1'", TemplateFixture.Describe(Template.Compile("{{ '-' * 5000 ~ '1' }}").Evaluate(TemplateFixture.Scope())));
    }

    [Fact]
    public void Evaluate_CustomLimits_AreEnforced()
    {
        var scope = TemplateFixture.Scope(new TemplateLimits { MaxStringLength = 10, MaxLoopIterations = 3 });
        Assert.Contains("exceeds the limit of 10", Assert.Throws<TemplateEvaluationException>(() => Template.Compile("{{ 'x' * 11 }}").Evaluate(scope)).Message, StringComparison.Ordinal);
        Assert.Contains("more than 3 loop iterations", Assert.Throws<TemplateEvaluationException>(() => Template.Compile("{% for x in [1, 2, 3, 4] %}{% endfor %}").Evaluate(scope)).Message, StringComparison.Ordinal);
        Assert.Equal("xxxxxxxxxx", Template.Compile("{{ 'x' * 10 }}").Evaluate(scope));
    }

    [Fact]
    public void Evaluate_DunderKeyPresentInData_IsJustData()
    {
        var scope = new TemplateScope(new Dictionary<string, object?> { ["record"] = new Dictionary<string, object?> { ["__meta"] = "ok" } });
        Assert.Equal("ok", Template.Compile("{{ record['__meta'] }}").Evaluate(scope));
    }
}

/// <summary>Tests that assert wall-clock bounds run outside xunit's parallel execution.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}

/// <summary>Reads <c>HostileTemplates.json</c>, expanding «text×N» into text repeated N times.</summary>
internal static class HostileTemplateCatalogue
{
    /// <summary>Every hostile template fails well within this, even on a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    public sealed record Entry(string Category, string Name, string Template, string Expect);

    public static IReadOnlyList<Entry> Load()
    {
        var root = (Dictionary<string, object?>)Siphon.Values.JsonValues.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Templates", "HostileTemplates.json")))!;
        return ((List<object?>)root["cases"]!).Cast<Dictionary<string, object?>>()
            .Select(c => new Entry((string)c["category"]!, (string)c["name"]!, Expand((string)c["template"]!), (string)c["expect"]!))
            .ToList();
    }

    private static string Expand(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "«(.*?)×([0-9]+)»",
            m => string.Concat(Enumerable.Repeat(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))),
            System.Text.RegularExpressions.RegexOptions.Singleline);
}
