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

    /// <summary>
    /// The sync's two ways into the destination for a CSV download, on the same text rows: each row materialised as a
    /// dictionary of strings (main's path before batches) and whole text batches (<see cref="Records.ITextRows"/>).
    /// </summary>
    [BenchmarkFact]
    public async Task Write_OneMillionTextRows_RecordsAgainstBatches_ReportsRowsPerSecond()
    {
        const int rows = 1_000_000;
        var batches = EightColumnTextBatches(rows).ToList();
        foreach (var keyed in new[] { false, true })
            foreach (var fromBatches in new[] { false, true, false, true })
            {
                var label = $"{(keyed ? "upsert by id" : "append")}, {(fromBatches ? "text batches" : "records")}";
                var path = Path.Combine(_db.Directory, Guid.NewGuid().ToString("N") + ".duckdb");
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var stopwatch = Stopwatch.StartNew();
                await using (var destination = await DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = path, Threads = 1 }))
                {
                    await destination.BeginStreamAsync(new StreamSpec("users", EightColumnSchema, keyed ? [["id"]] : []), fullRefresh: false);
                    var written = 0L;
                    foreach (var batch in batches)
                    {
                        if (fromBatches) await destination.WriteAsync("users", batch);
                        else for (var i = 0; i < batch.Count; i++) await destination.WriteAsync("users", batch.Materialize(i));
                        // About the sync's checkpoint interval, at a batch boundary.
                        if ((written += batch.Count) >= DuckDbDestination.RecordsPerCommit)
                        {
                            await destination.CheckpointAsync("users", new Dictionary<string, object?> { ["n"] = written });
                            written = 0;
                        }
                    }
                    await destination.CompleteStreamAsync("users");
                }
                stopwatch.Stop();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                Assert.Equal(rows, _db.Count("SELECT count(*) FROM users", path));
                output.WriteLine($"{label}: {rows / stopwatch.Elapsed.TotalSeconds:N0} rows/s, {stopwatch.Elapsed.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU (DuckDB on 1 thread, as the sync on 2 cores; load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")})");
            }
    }

    /// <summary><see cref="EightColumnRecords"/> as a CSV download hands them over: text batches of a few hundred rows.</summary>
    internal static IEnumerable<Records.TextBatch> EightColumnTextBatches(int count)
    {
        string[] names = ["id", "name", "email", "score", "active", "created_at", "country", "visits"];
        var builder = new Records.TextBatch.Builder(names);
        foreach (var record in EightColumnRecords(count))
        {
            foreach (var name in names)
                builder.Add(record[name] switch
                {
                    bool b => b ? "true" : "false",
                    var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                });
            if (builder.IsFull) yield return builder.Build();
        }
        if (builder.Rows > 0) yield return builder.Build();
    }
}
