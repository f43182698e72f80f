using System.Diagnostics;
using Siphon.Values;
using Xunit.Abstractions;

namespace Siphon.DuckDb.Tests;

[Trait("Category", "Benchmark")]
public sealed class ThroughputBenchmarks(ITestOutputHelper output) : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    internal static readonly object? EightColumnSchema = JsonValues.Parse("""
        {"type":"object","properties":{
          "id":{"type":"integer"},"name":{"type":"string"},"email":{"type":["string","null"]},"score":{"type":"number"},
          "active":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},"country":{"type":"string"},"visits":{"type":"integer"}}}
        """);

    /// <summary>Eight-column records as the read loop hands them over: fresh dictionaries of the value model.</summary>
    internal static IEnumerable<Dictionary<string, object?>> EightColumnRecords(int count)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var record = JsonValues.NewObject(8);
            record["id"] = (long)i;
            record["name"] = "user " + i;
            record["email"] = "user" + i + "@example.com";
            record["score"] = i * 0.5;
            record["active"] = (i & 1) == 0;
            record["created_at"] = start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
            record["country"] = (i % 7) switch { 0 => "FR", 1 => "DE", 2 => "US", 3 => "JP", 4 => "BR", 5 => "IN", _ => "GB" };
            record["visits"] = (long)(i % 1000);
            yield return record;
        }
    }

    [BenchmarkFact]
    public async Task Write_OneMillionEightColumnRows_ReportsRowsPerSecond()
    {
        foreach (var (keyed, label) in new[] { (false, "append"), (true, "upsert by id") })
        {
            const int rows = 1_000_000;
            var records = EightColumnRecords(rows).ToList(); // built up front: we time the destination, not the generator
            var path = Path.Combine(_db.Directory, label.Replace(' ', '_') + ".duckdb");
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            await using (var destination = await DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = path }))
            {
                await destination.BeginStreamAsync(new StreamSpec("users", EightColumnSchema, keyed ? [["id"]] : []), fullRefresh: false);
                var batch = 0;
                var inCheckpoints = TimeSpan.Zero;
                foreach (var record in records)
                {
                    await destination.WriteAsync("users", record);
                    // The sync's checkpoint interval (it lets DuckDB write whole row groups straight into the file).
                    if (++batch % DuckDbDestination.RecordsPerCommit == 0)
                    {
                        var before = stopwatch.Elapsed;
                        await destination.CheckpointAsync("users", new Dictionary<string, object?> { ["n"] = (long)batch });
                        inCheckpoints += stopwatch.Elapsed - before;
                    }
                }
                await destination.CompleteStreamAsync("users");
                output.WriteLine($"{label}: checkpoints took {inCheckpoints.TotalSeconds:F2} s of {stopwatch.Elapsed.TotalSeconds:F2} s");
            }
            stopwatch.Stop();
            // CPU time (all threads, DuckDB's included) says more than wall time on a machine shared with other builds.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Assert.Equal(rows, _db.Count("SELECT count(*) FROM users", path));
            output.WriteLine($"{label}: {rows:N0} rows x 8 columns in {stopwatch.Elapsed.TotalSeconds:F2} s = {rows / stopwatch.Elapsed.TotalSeconds:N0} rows/s ({rows / DuckDbDestination.RecordsPerCommit} checkpoints, open to close; {cpu.TotalSeconds:F2} s CPU, load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")})");
        }
    }
}
