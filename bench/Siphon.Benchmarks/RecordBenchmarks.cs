using BenchmarkDotNet.Attributes;
using Siphon.Records;
using Siphon.Records.Transformations;
using Siphon.Templates;

namespace Siphon.Benchmarks;

/// <summary>
/// Per-record work after decoding: extraction from a response body, the record filter, and the transformations a
/// manifest applies to every record. Each benchmark processes one eight-column record (extraction: a page of 100).
/// </summary>
[MemoryDiagnoser]
public class RecordBenchmarks
{
    private readonly DpathExtractor _extractor = new(new RecordPath(["data", "items"], "field_path"));
    private readonly DpathExtractor _wholeBody = new(new RecordPath([], "field_path"));
    private readonly RecordFilter _filter = new(Template.Compile("{{ record['SCORE'] != '0' and record['CITY'] != 'Oslo' }}"));
    private readonly KeysToLower _keysToLower = new();
    private readonly KeysToSnakeCase _keysToSnake = new();
    private readonly AddFields _addFields = new([new AddedField(["synced_from"], Template.Compile("{{ config['region'] }}"), null)], null);
    private readonly RemoveFields _removeFields = new([["EMAIL"]], null);
    private Dictionary<string, object?> _page = null!;
    private Dictionary<string, object?> _template = null!;
    private TemplateScope _scope = null!;

    [GlobalSetup]
    public void Setup()
    {
        _template = BenchmarkData.Record();
        var items = Enumerable.Range(0, 100).Select(_ => (object?)new Dictionary<string, object?>(_template, StringComparer.Ordinal)).ToList();
        _page = new Dictionary<string, object?>(StringComparer.Ordinal) { ["data"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = items } };
        var config = new Dictionary<string, object?>(StringComparer.Ordinal) { ["region"] = "eu-west-1" };
        _scope = new TemplateScope(new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config });
    }

    private Dictionary<string, object?> Fresh() => new(_template, StringComparer.Ordinal);

    [Benchmark(Baseline = true, Description = "copy record (the floor of the others)")]
    public int CopyRecord() => Fresh().Count;

    [Benchmark(Description = "DpathExtractor [data, items] (page of 100)")]
    public int ExtractPage() => _extractor.Extract(_page, _scope).Count();

    [Benchmark(Description = "DpathExtractor [] (one row)")]
    public int ExtractWholeRow() => _wholeBody.Extract(Fresh(), _scope).Count();

    [Benchmark(Description = "RecordFilter, two clauses")]
    public bool Filter() => _filter.Keep(Fresh(), _scope);

    [Benchmark]
    public int KeysToLower()
    {
        var record = Fresh();
        _keysToLower.Transform(record, _scope);
        return record.Count;
    }

    [Benchmark]
    public int KeysToSnakeCase()
    {
        var record = Fresh();
        _keysToSnake.Transform(record, _scope);
        return record.Count;
    }

    [Benchmark(Description = "AddFields {{ config['region'] }}")]
    public int AddFields()
    {
        var record = Fresh();
        _addFields.Transform(record, _scope);
        return record.Count;
    }

    [Benchmark]
    public int RemoveFields()
    {
        var record = Fresh();
        _removeFields.Transform(record, _scope);
        return record.Count;
    }
}
