using BenchmarkDotNet.Attributes;
using Siphon.Templates;

namespace Siphon.Benchmarks;

/// <summary>
/// Evaluations per second of compiled templates on the paths a read takes per request or per record:
/// a config lookup, a date expression, and a five-clause record-filter condition.
/// </summary>
[MemoryDiagnoser]
public class TemplateBenchmarks
{
    private readonly Template _lookup = Template.Compile("{{ config['a'] }}");
    private readonly Template _date = Template.Compile("{{ (now_utc() - duration('P30D')).strftime('%Y-%m-%dT%H:%M:%SZ') }}");
    private readonly Template _condition = Template.Compile(
        "{{ record.id > 0 and record.name != '' and 'a' in record.tags and record.get('zero') == 0 and record.none_field is none }}");
    private readonly Template _constant = Template.Compile("https://api.example.com/v1/reports");
    private TemplateScope _scope = null!;

    [GlobalSetup]
    public void Setup()
    {
        var record = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = 1L,
            ["name"] = "Widget",
            ["tags"] = new List<object?> { "a", "b" },
            ["zero"] = 0L,
            ["none_field"] = null,
        };
        var config = new Dictionary<string, object?>(StringComparer.Ordinal) { ["a"] = "value-of-a", ["start_date"] = "2024-01-01" };
        _scope = new TemplateScope(new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config }).With("record", record);
    }

    [Benchmark(Baseline = true)]
    public object? Lookup() => _lookup.Evaluate(_scope);

    [Benchmark]
    public object? DateExpression() => _date.Evaluate(_scope);

    [Benchmark]
    public bool FiveClauseCondition() => _condition.EvaluateCondition(_scope);

    [Benchmark]
    public object? PlainText() => _constant.Evaluate(_scope);

    [Benchmark]
    public Template CompileCondition() => Template.Compile(
        "{{ record.id > 0 and record.name != '' and 'a' in record.tags and record.get('zero') == 0 and record.none_field is none }}");
}
