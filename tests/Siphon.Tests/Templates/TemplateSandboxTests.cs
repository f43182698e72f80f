using System.Diagnostics;
using Siphon.Templates;

namespace Siphon.Tests.Templates;

/// <summary>
/// Hostile templates end in a clear <see cref="TemplateException"/> within a second: no hang, no crash, no host access.
/// The class runs alone (see <see cref="TimingCollection"/>) so the one-second bound measures the engine, not the other tests.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class TemplateSandboxTests
{
    public static TheoryData<string, string, string> HostileTemplates => new()
    {
        { "deep parentheses", "{{ " + new string('(', 10_000) + "1" + new string(')', 10_000) + " }}", "nests deeper than 100 levels" },
        { "deep lists", "{{ " + new string('[', 10_000) + new string(']', 10_000) + " }}", "nests deeper than 100 levels" },
        { "deep not", "{{ " + string.Concat(Enumerable.Repeat("not ", 10_000)) + "1 }}", "nests deeper than 100 levels" },
        { "deep minus", "{{ " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "1 }}", "nests deeper than 100 levels" },
        { "deep ifs", string.Concat(Enumerable.Repeat("{% if 1 %}", 10_000)) + string.Concat(Enumerable.Repeat("{% endif %}", 10_000)), "nests deeper than 100 levels" },
        { "deep calls", "{{ " + string.Concat(Enumerable.Repeat("max(", 10_000)) + "1" + new string(')', 10_000) + " }}", "nests deeper than 100 levels" },
        { "huge string", "{{ 'x' * 10**9 }}", "exceeds the limit of 1000000" },
        { "huge list", "{{ [1] * 10**9 }}", "exceeds the limit of 100000" },
        { "string doubling", "{% set ns = namespace(s='xx') %}{% for i in [1] * 100 %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}", "exceeds the limit of 1000000" },
        { "self-growing loop", "{% set xs = [1] %}{% for x in xs %}{% set _ = xs.append(x) %}{% endfor %}", "sandbox:" },
        { "nested loops", "{% set xs = [1] * 1000 %}{% for a in xs %}{% for b in xs %}{% endfor %}{% endfor %}", "more than 100000 loop iterations" },
        { "quadratic search", "{% set xs = ('x' * 3000) | list %}{% for a in xs %}{% if 'y' in xs %}{% endif %}{% endfor %}", "too much work" },
        { "shared sub-lists printed", "{% set a = [1] * 100000 %}{% set b = [a] * 100000 %}{{ b }}", "more than 1000000 characters" },
        { "shared sub-lists compared", "{% set a = [1] * 100000 %}{% set b = [a] * 100000 %}{% set c = [[1] * 100000] * 100000 %}{{ b == c }}", "too much work" },
        { "self-containing list", "{% set a = [] %}{% set _ = a.append(a) %}{{ a }}", "value nesting deeper than 200" },
        { "class walk on config", "{{ config.__class__ }}", "access to '__class__' is not allowed" },
        { "mro walk", "{{ ''.__class__.__mro__ }}", "access to '__class__' is not allowed" },
        { "subclasses", "{{ [].__class__.__base__.__subclasses__() }}", "access to '__class__' is not allowed" },
        { "globals of a macro", "{{ now_utc.__globals__ }}", "access to '__globals__' is not allowed" },
        { "dunder by item", "{{ config['__class__'] }}", "access to '__class__' is not allowed" },
        { "dunder by item on string", "{{ 'abc'['__class__'] }}", "access to '__class__' is not allowed" },
        { "import", "{{ __import__('os').system('id') }}", "access to '__import__' is not allowed" },
        { "range removed", "{% for i in range(10**9) %}{% endfor %}", "undefined variable 'range'" },
        { "lipsum not offered", "{{ lipsum(10**9) }}", "undefined variable 'lipsum'" },
        { "cycler not offered", "{{ cycler.__init__ }}", "access to '__init__' is not allowed" },
        { "catastrophic regex", "{% set s = 'a' * 40 ~ '!' %}{{ s | regex_search('^(a+)+$') }}", "took too long" },
        { "catastrophic strptime", "{{ format_datetime('1' * 81, '%Y', '%d' * 40 ~ 'Q') }}", "took too long" },
        { "huge power", "{{ 10 ** 10 ** 10 }}", "integer overflow" },
        { "huge float power", "{{ 10.0 ** 400 }}", "numerical result out of range" },
        { "huge format width", "{{ '%999999999d' % 1 }}", "too large" },
        { "huge zfill", "{{ '1'.zfill(10**9) }}", "exceeds the limit" },
        { "replace blow-up", "{{ ('x' * 1000) | replace('', 'y' * 1000) }}", "exceeds the limit" },
        { "long addition chain", "{{ " + string.Join(" + ", Enumerable.Repeat("1", 20_000)) + " }}", "more than 1000 operators" },
        { "long filter chain", "{{ 'a'" + string.Concat(Enumerable.Repeat(" | lower", 20_000)) + " }}", "more than 1000 operators" },
        { "long attribute walk", "{{ config" + string.Concat(Enumerable.Repeat(".a", 20_000)) + " }}", "more than 1000 operators" },
    };

    [Theory]
    [MemberData(nameof(HostileTemplates))]
    public void Evaluate_HostileTemplate_FailsClearlyWithinASecond(string name, string template, string expectedFragment)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.ThrowsAny<TemplateException>(() => Template.Compile(template).Evaluate(TemplateFixture.Scope()));
        clock.Stop();
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{name} took {clock.Elapsed.TotalMilliseconds:0} ms");
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
