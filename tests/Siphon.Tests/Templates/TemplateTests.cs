using Siphon.Templates;

namespace Siphon.Tests.Templates;

/// <summary>The public surface other components code against: compile once, evaluate many times, scopes, errors.</summary>
public sealed class TemplateTests
{
    private static TemplateScope Scope(params (string Name, object? Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal), new FixedTime(TemplateFixture.Now));

    [Theory]
    [InlineData("https://api.example.com/v1", true)]
    [InlineData("{{ config.a }}", false)]
    [InlineData("{% if x %}{% endif %}", false)]
    [InlineData("{# only a comment #}", true)]
    [InlineData("", true)]
    public void Compile_Text_ReportsIsConstant(string text, bool expected) => Assert.Equal(expected, Template.Compile(text).IsConstant);

    [Theory]
    [InlineData("{{ record['stream_state'] }}", "kept")]
    [InlineData("{{ record.stream_state }}", "kept")]
    [InlineData("{{ config.stream_state_key }}", "key")]
    [InlineData("{% set stream_state = 'own' %}{{ stream_state }}", "own")]
    public void Compile_StreamStateNamedButNotTheVariable_Evaluates(string text, string expected)
    {
        var scope = Scope(("record", new Dictionary<string, object?> { ["stream_state"] = "kept" }),
            ("config", new Dictionary<string, object?> { ["stream_state_key"] = "key" }));

        Assert.Equal(expected, Template.Compile(text).Render(scope));
    }

    [Theory]
    [InlineData("{{ stream_state.updated }}", 4)]
    [InlineData("{{ record['stream_state'] or stream_state['x'] }}", 30)]
    public void Compile_StreamStateVariable_IsRefusedWhereItIsRead(string text, int column)
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Compile(text));

        Assert.Contains("'stream_state' is no longer supported", error.Message);
        Assert.Equal(column, error.Column);
    }

    [Fact]
    public void Evaluate_Constant_ReturnsTypedValueAndSource()
    {
        var template = Template.Compile("42");
        Assert.Equal(42L, template.Evaluate(TemplateScope.Empty));
        Assert.Equal("42", template.Source);
        Assert.Equal("42", template.Render(TemplateScope.Empty));
    }

    [Fact]
    public void Evaluate_ConstantList_ReturnsAFreshCopyEachTime()
    {
        var template = Template.Compile("[1, 2]");
        var first = Assert.IsType<List<object?>>(template.Evaluate(TemplateScope.Empty));
        first.Add(3L);
        Assert.Equal([1L, 2L], Assert.IsType<List<object?>>(template.Evaluate(TemplateScope.Empty)));
    }

    [Fact]
    public void Render_ForWithPythonColonBeforeBlockEnd_LoopsAsJinjaDoes()
    {
        // Jinja 3.1 (and so the reference) accepts a colon before '%}' where a block's body starts.
        var template = Template.Compile("{% for p in (record.get('projects') or []): %}{{ p.id }};{% endfor %}");

        Assert.Equal("1;2;", template.Render(Scope(("record", Siphon.Values.JsonValues.Parse("""{"projects": [{"id": 1}, {"id": 2}]}""")))));
        Assert.Equal("", template.Render(Scope(("record", Siphon.Values.JsonValues.Parse("""{"projects": null}""")))));
    }

    [Fact]
    public void Render_ReturnsRawTextWhileEvaluateTypesIt()
    {
        var template = Template.Compile("{{ x }}");
        var scope = Scope(("x", "5"));
        Assert.Equal("5", template.Render(scope));
        Assert.Equal(5L, template.Evaluate(scope));
    }

    [Fact]
    public void Evaluate_JsonValues_ComeBackAsTheSharedValueModel()
    {
        var result = Template.Compile("{{ {'a': [1, 2.5, 'x', None, True]} }}").Evaluate(TemplateScope.Empty);
        var map = Assert.IsType<Dictionary<string, object?>>(result);
        Assert.Equal(new List<object?> { 1L, 2.5, "x", null, true }, map["a"]);
    }

    [Fact]
    public void Variables_ListsScopeNamesRead_NotAssignedNamesOrMacros()
    {
        var template = Template.Compile("{% set x = 1 %}{% for r in rows %}{{ r ~ x ~ config.a ~ now_utc() }}{% endfor %}");
        Assert.Equal(["config", "rows"], template.Variables);
    }

    [Fact]
    public void Evaluate_UndefinedVariable_NamesItTheFieldAndWhatIsAvailable()
    {
        var template = Template.Compile("{{ stream_slice.start }}", "streams[0].retriever.requester.path");
        var error = Assert.Throws<TemplateEvaluationException>(() => template.Evaluate(Scope(("config", new Dictionary<string, object?>()))));
        Assert.Equal(
            "undefined variable 'stream_slice' (this template can use: config, and the macros) (in template '{{ stream_slice.start }}' of streams[0].retriever.requester.path)",
            error.Message);
        Assert.Equal("streams[0].retriever.requester.path", error.Field);
    }

    [Fact]
    public void Evaluate_UndefinedVariableInBranchNotTaken_StillFails_AsTheReferenceChecksNamesFirst()
    {
        var error = Assert.Throws<TemplateEvaluationException>(() => Template.Compile("{{ 1 if true else ghost }}").Evaluate(TemplateScope.Empty));
        Assert.Contains("undefined variable 'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_ChildScope_OverridesOneVariableAndKeepsTheRest()
    {
        var parent = Scope(("record", 1L), ("config", "c"));
        var child = parent.With("record", 2L);
        var template = Template.Compile("{{ record ~ config }}");
        Assert.Equal("1c", template.Evaluate(parent));
        Assert.Equal("2c", template.Evaluate(child));
        Assert.Same(parent.Time, child.Time);
        Assert.Equal(["config", "record"], child.VariableNames);
    }

    [Fact]
    public void TryGetVariable_StreamIntervalAndPartition_AreAliasesOfStreamSlice()
    {
        var slice = new Dictionary<string, object?> { ["start_time"] = "2024-01-01" };
        var scope = Scope(("stream_slice", slice));
        Assert.Equal("2024-01-01", Template.Compile("{{ stream_interval.start_time }}").Evaluate(scope));
        Assert.Equal("2024-01-01", Template.Compile("{{ stream_partition['start_time'] }}").Evaluate(scope));
    }

    [Fact]
    public void Evaluate_NowUtc_ReadsTheScopeClock()
    {
        var scope = new TemplateScope(time: new FixedTime(new DateTimeOffset(2030, 2, 3, 4, 5, 6, TimeSpan.Zero)));
        Assert.Equal("2030-02-03T04:05:06Z", Template.Compile("{{ now_utc().strftime('%Y-%m-%dT%H:%M:%SZ') }}").Evaluate(scope));
    }

    [Fact]
    public void Evaluate_SameTemplateFromManyThreads_GivesIndependentResults()
    {
        var template = Template.Compile("{% set xs = [] %}{% for i in items %}{% set _ = xs.append(i * n) %}{% endfor %}{{ xs | sum }}");
        var items = new List<object?> { 1L, 2L, 3L };
        var results = new long[200];
        Parallel.For(0, results.Length, n => results[n] = (long)template.Evaluate(Scope(("items", items), ("n", (long)n)))!);
        Assert.All(Enumerable.Range(0, results.Length), n => Assert.Equal(6L * n, results[n]));
    }

    [Fact]
    public void EvaluateCondition_ReadingBelowAMissingKey_IsFalse_AsTheReferenceFallsBackToFalse()
    {
        var scope = Scope(("record", new Dictionary<string, object?>()));
        Assert.False(Template.Compile("{{ record.missing.deeper == 1 }}").EvaluateCondition(scope));
        Assert.Throws<TemplateEvaluationException>(() => Template.Compile("{{ record.missing.deeper == 1 }}").Evaluate(scope));
    }

    [Fact]
    public void EvaluateCondition_TypeError_IsStillAnError()
    {
        var error = Assert.Throws<TemplateEvaluationException>(() => Template.Compile("{{ 'a' + 1 }}").EvaluateCondition(TemplateScope.Empty));
        Assert.Contains("unsupported operand", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NullText_Throws() => Assert.Throws<ArgumentNullException>(() => Template.Compile(null!));

    [Fact]
    public void Exceptions_ShareTheTemplateExceptionBase()
    {
        Assert.IsAssignableFrom<TemplateException>(Assert.ThrowsAny<Exception>(() => Template.Compile("{{")));
        Assert.IsAssignableFrom<TemplateException>(Assert.ThrowsAny<Exception>(() => Template.Compile("{{ x }}").Evaluate(TemplateScope.Empty)));
    }

    [Fact]
    public void Evaluate_GenerateUuid_IsRandomVersion4()
    {
        var template = Template.Compile("{{ generate_uuid() }}");
        var a = Assert.IsType<string>(template.Evaluate(TemplateScope.Empty));
        Assert.NotEqual(a, template.Evaluate(TemplateScope.Empty));
        Assert.Equal('4', Guid.Parse(a).ToString()[14]);
    }

    [Theory]
    [InlineData("{% raw %}{{ x }}{% endraw %}", "{{ x }}")]
    [InlineData("a {%- raw -%}  {% if %} {%- endraw %} b {{ 1 + 1 }}", "a{% if %} b 2")]
    [InlineData("{%raw%}{{%endraw%}{{ 'x' }}{% raw %}}}{% endraw %}", "{x}}")]
    public void Render_RawBlock_OutputsItsTextAsWritten(string text, string expected) =>
        Assert.Equal(expected, Template.Compile(text).Render(TemplateScope.Empty));

    [Fact]
    public void Compile_RawBlockNotClosed_IsASyntaxErrorAtItsStart()
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Compile("x {% raw %}{{ y }}"));
        Assert.Contains("column 3: 'raw' block is not closed with '{% endraw %}'", error.Message);
    }

    [Fact]
    public void Compile_SubscriptWithoutClosingBracket_SaysTheBracketIsMissing()
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Compile("/exports/{{ creation_response['id' }}"));
        Assert.Contains("expected ']' to close the subscript but found", error.Message);
    }
}
