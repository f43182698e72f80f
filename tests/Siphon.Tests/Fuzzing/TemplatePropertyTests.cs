using FsCheck;
using FsCheck.Fluent;
using Siphon.Templates;
using Siphon.Tests.Templates;

namespace Siphon.Tests.Fuzzing;

/// <summary>
/// Extends <see cref="TemplateFuzzTests"/> (8,000 templates glued from fragments) with templates grown from the grammar:
/// nested expressions over the real scope, every filter and method with odd arguments, statements and whitespace control, plus
/// arbitrary Unicode. Compiling, evaluating, rendering and evaluating as a condition only ever returns or throws a
/// <see cref="TemplateException"/> of our own wording, each within the per-input bound.
/// </summary>
public sealed class TemplatePropertyTests
{
    private static readonly string[] Atoms =
    [
        "config", "config['start_date']", "config.get('missing', 3)", "record", "record['id']", "stream_slice", "stream_interval", "parameters", "headers",
        "response", "config.nested.b.c", "record.tags", "stream_slice.start_time", "parameters.name", "now_utc()", "today_utc()", "1", "-2", "0", "2.5", "1e308", "10**18", "'s'", "''", "'%Y-%m-%d'", "\"2024-01-31T00:00:00Z\"",
        "[]", "[1, 'a', None]", "{}", "{'a': [1, {'b': 2}]}", "(1,)", "None", "True", "false", "namespace(a=1)",
        "duration('P1D')", "duration('PT-1H')", "str_to_datetime('2024-02-29')", "day_delta(-1)", "max(1, 'a')", "min([])", "format_datetime(config['start_date'], '%Y-%m-%d')", "camel_case_to_snake_case('HelloWorld')", "sanitize_url('http://u:p@h/x')", "dict(a=1)",
        "'é🙂'", "'\\x00'", "'a' * 3", "[1, 2, 3]", "generate_uuid() | length",
    ];

    private static readonly string[] Filters =
    [
        "int", "float", "string", "length", "first", "last", "list", "sort", "unique", "reverse", "join(',')", "join", "default('d')", "d(1, true)",
        "lower", "upper", "title", "capitalize", "trim", "tojson", "string | tojson", "base64binascii_decode", "base64encode", "base64decode", "hash('md5')",
        "hash('sha256', 'salt')", "hmac('k')", "regex_replace('a+', 'b')", "regex_search('(x')", "replace('a', 'b', 2)", "round(2, 'ceil')", "abs", "sum",
        "map('int')", "map(attribute='a')", "select('odd')", "reject", "selectattr('a', 'eq', 1)", "rejectattr('a')", "urlencode", "format(1, 2)",
        "items", "wordcount", "min", "max", "count", "sort(attribute='a', reverse=true)", "unique(case_sensitive=true)", "default(none, true)",
    ];

    private static readonly string[] Methods =
    [
        ".get('a')", ".get('a', [])", ".keys()", ".values()", ".items()", ".split(',')", ".split('', 2)", ".rsplit(',', -1)", ".strip('x')", ".startswith('a')",
        ".replace('', 'x')", ".zfill(5)", ".format(1, a=2)", ".append(1)", ".extend([1])", ".pop()", ".index(1)", ".count('a')", ".strftime('%Y %j %%')",
        ".isoformat()", ".timestamp()", ".year", ".days", ".total_seconds()", "[0]", "[-1]", "[1:-1:2]", "['a']", "[None]", "[::0]", ".a.b.c", ".__len__",
    ];

    private static readonly string[] Operators = [" + ", " - ", " * ", " / ", " // ", " % ", " ** ", " ~ ", " == ", " != ", " < ", " >= ", " and ", " or ", " in ", " not in ", " is ", " if "];

    private static Gen<string> Expression(int depth) => depth <= 0
        ? Gen.Elements(Atoms)
        : Gen.Frequency(
            (3, Gen.Elements(Atoms)),
            (2, Expression(depth - 1).SelectMany(e => Gen.Elements(Filters).Select(f => $"{e} | {f}"))),
            (2, Expression(depth - 1).SelectMany(e => Gen.Elements(Methods).Select(m => $"({e}){m}"))),
            (3, Expression(depth - 1).SelectMany(a => Gen.Elements(Operators).SelectMany(op => Expression(depth - 1).Select(b =>
                op == " if " ? $"{a} if {b} else {a}" : op == " is " ? $"{a} is defined" : $"{a}{op}{b}")))),
            (1, Expression(depth - 1).Select(e => $"not ({e})")),
            (1, Gen.ListOf(Expression(depth - 1), 3).Select(items => "[" + string.Join(", ", items) + "]")));

    private static Gen<string> Statement(int depth) => depth <= 0
        ? Expression(1).Select(e => "{{ " + e + " }}")
        : Gen.Frequency(
            (4, Expression(depth).Select(e => "{{ " + e + " }}")),
            (1, Gen.Elements(Atoms).Select(t => t.Replace("{", "{ ", StringComparison.Ordinal))),
            (2, Expression(depth - 1).SelectMany(c => Statement(depth - 1).SelectMany(a => Statement(depth - 1).Select(b => $"{{% if {c} %}}{a}{{% elif {c} %}}{b}{{% else %}}{a}{{% endif %}}")))),
            (2, Expression(depth - 1).SelectMany(it => Statement(depth - 1).Select(body => $"{{% for v in {it} %}}{body}{{{{ loop.index }}}}{{% else %}}e{{% endfor %}}"))),
            (1, Expression(depth - 1).SelectMany(e => Statement(depth - 1).Select(body => $"{{% set v = {e} %}}{body}{{{{ v }}}}"))),
            (1, Expression(depth - 1).SelectMany(e => Statement(depth - 1).Select(body => $"{{% set ns = namespace(v={e}) %}}{body}{{% set ns.v = ns.v ~ 'x' %}}{{{{ ns.v }}}}"))),
            (1, Statement(depth - 1).Select(body => $"{{#- {body} -#}}  {body}  {{%- if true -%}} {body} {{%- endif %}}")));

    private static Gen<string> Templates() => Gen.Sized(size => Gen.ListOf(Statement(Math.Min(3, 1 + size / 25)), 3).Select(parts => string.Concat(parts)));

    [Fact]
    public void Evaluate_GrammarTemplates_ReturnOrFailWithTemplateExceptions()
    {
        var evaluated = 0;
        var reasons = new Dictionary<string, int>();
        Prop.ForAll(Templates().ToArbitrary(), text =>
            {
                if (CompilesAndEvaluatesOrFailsClearly(text, out var reason)) evaluated++;
                else reasons[reason!] = reasons.GetValueOrDefault(reason!) + 1;
            })
            .Check(FuzzBounds.Seeded(seed: 2024, tests: 1_500));
        // The grammar is only worth its name if many templates get past compilation into evaluation and succeed there.
        var stoppedEarly = reasons.Where(r => r.Key.StartsWith("syntax", StringComparison.Ordinal) || r.Key.StartsWith("undefined variable", StringComparison.Ordinal)).Sum(r => r.Value);
        Assert.True(evaluated >= 100 && stoppedEarly < 600, $"{evaluated} of 1500 grammar templates evaluated without error, {stoppedEarly} never started; the commonest failures:\n"
            + string.Join("\n", reasons.OrderByDescending(r => r.Value).Take(40).Select(r => $"{r.Value} × {r.Key}")));
    }

    [Fact]
    public void Evaluate_ArbitraryUnicodeText_ReturnsOrFailsWithTemplateExceptions()
    {
        var wrapped = ArbMap.Default.ArbFor<string>().Generator.SelectMany(s => Gen.Elements("{{ {0} }}", "{% {0} %}", "{0}", "{{ '{0}' }}", "{{ config[{0}] }}")
            .Select(shape => shape.Replace("{0}", s ?? "", StringComparison.Ordinal)));
        Prop.ForAll(wrapped.ToArbitrary(), text => { _ = CompilesAndEvaluatesOrFailsClearly(text); })
            .Check(FuzzBounds.Seeded(seed: 2025, tests: 1_000));
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Evaluate_ManyGrammarTemplates_ReturnOrFailWithTemplateExceptions()
    {
        Prop.ForAll(Templates().ToArbitrary(), text => { _ = CompilesAndEvaluatesOrFailsClearly(text); })
            .Check(FuzzBounds.Seeded(seed: 77, tests: 15_000).WithEndSize(200));
    }

    /// <summary>True when the template evaluated without error.</summary>
    private static bool CompilesAndEvaluatesOrFailsClearly(string text) => CompilesAndEvaluatesOrFailsClearly(text, out _);

    private static bool CompilesAndEvaluatesOrFailsClearly(string text, out string? reason)
    {
        var evaluated = false;
        string? failure = null;
        var error = FuzzBounds.Run("template", text, () =>
        {
            var template = Template.Compile(text, "url");
            var scope = TemplateFixture.Scope();
            try
            {
                template.Evaluate(scope);
                evaluated = true;
            }
            catch (TemplateException e) when (IsOurs(e))
            {
                failure = e is TemplateEvaluationException evaluation ? evaluation.Reason : e.Message;
            }
            Try(() => template.Render(scope));
            Try(() => template.EvaluateCondition(scope));
        });
        FuzzBounds.ExpectResultOr<TemplateException>(error, "template", text, IsOurs);
        reason = error is TemplateSyntaxException ? "syntax: " + System.Text.RegularExpressions.Regex.Replace(error.Message.Split(" (in template")[0], "column [0-9]+", "column N") : failure is null ? null : System.Text.RegularExpressions.Regex.Replace(failure, "'[^']*'", "'…'");
        return evaluated;
    }

    /// <summary>Each entry point is tried on its own, so a failure of the first does not hide a crash in the others.</summary>
    private static bool Try(Action action)
    {
        try { action(); return true; }
        catch (TemplateException e) when (IsOurs(e)) { return false; }
    }

    private static bool IsOurs(TemplateException e) =>
        !e.Message.StartsWith("evaluation failed:", StringComparison.Ordinal) && !e.Message.Contains("   at ", StringComparison.Ordinal);
}
