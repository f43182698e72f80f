using BenchmarkDotNet.Attributes;
using Siphon.DuckDb;
using Siphon.Values;

namespace Siphon.Benchmarks;

/// <summary>
/// Writing 100,000 eight-column records into a DuckDB file: plain appends; upserts by primary key into a new table
/// (every key is new, so rows skip staging like appends); and upserts that replace every row of an existing table
/// (every row is staged and merged). Divide by <see cref="Rows"/> for the cost per row; tests/Siphon.DuckDb.Tests has
/// the 1M-row variant.
/// </summary>
[MemoryDiagnoser]
public class DuckDbBenchmarks
{
    private const int Rows = 100_000;
    private static readonly object? Schema = JsonValues.Parse("""
        {"type":"object","properties":{
          "id":{"type":"integer"},"name":{"type":"string"},"email":{"type":["string","null"]},"score":{"type":"number"},
          "active":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},"country":{"type":"string"},"visits":{"type":"integer"}}}
        """);
    private List<Dictionary<string, object?>> _records = [];
    private string _directory = "";
    private string _seeded = "";
    private string _target = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("siphon-bench-").FullName;
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _records = Enumerable.Range(0, Rows).Select(i => new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = (long)i, ["name"] = "user " + i, ["email"] = "user" + i + "@example.com", ["score"] = i * 0.5,
            ["active"] = (i & 1) == 0, ["created_at"] = start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["country"] = (i % 3) switch { 0 => "FR", 1 => "DE", _ => "JP" }, ["visits"] = (long)(i % 1000),
        }).ToList();
        _seeded = Path.Combine(_directory, "seeded.duckdb");
        WriteAsync(_seeded, keyed: true).GetAwaiter().GetResult();
    }

    /// <summary>A copy of a file that already holds every key, so that each record of the benchmark replaces a row.</summary>
    [IterationSetup(Target = nameof(UpsertReplacingEveryRow))]
    public void CopySeeded()
    {
        _target = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".duckdb");
        File.Copy(_seeded, _target);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public Task Append() => WriteNewFileAsync(keyed: false);

    [Benchmark]
    public Task UpsertById() => WriteNewFileAsync(keyed: true);

    [Benchmark]
    public async Task UpsertReplacingEveryRow()
    {
        await WriteAsync(_target, keyed: true);
        File.Delete(_target);
    }

    private async Task WriteNewFileAsync(bool keyed)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".duckdb");
        await WriteAsync(path, keyed);
        File.Delete(path);
    }

    private async Task WriteAsync(string path, bool keyed)
    {
        await using (var destination = await DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = path }))
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, keyed ? [["id"]] : []), fullRefresh: false);
            foreach (var record in _records) await destination.WriteAsync("users", record);
            await destination.CompleteStreamAsync("users");
        }
    }
}
