using System.Globalization;
using System.Text.Json;
using Siphon.Http;
using Siphon.Reliability.Tests.Support;
using Siphon.Runs;
using Siphon.Simulator;
using Siphon.Source;
using Siphon.Values;
using Xunit.Abstractions;

namespace Siphon.Reliability.Tests;

/// <summary>
/// 1,000 slices (one report job per day) with a job budget of 100 and 2% of attempts failing, against a simulator in its
/// own process (so this process's memory is the engine's): every record arrives exactly once, memory stays flat, and at
/// the end no job runs, every read job is deleted, and no connection or timer is left behind.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Slices = 1000;
    private const int Budget = 100;
    private static readonly DateOnly First = new(2021, 1, 1);

    [Fact]
    [Trait("Category", "Long")]
    public async Task Read_ThousandSlicesBudgetHundredTwoPercentFailures_ExactRecordsFlatMemoryNoLeaks()
    {
        const string knobs = """{"rows":60,"files":1,"pollsUntilDone":2,"failureRate":0.02}""";
        using var simulator = SiphonChild.Start("simulate", "--port", "0", "--seed", "7", "--knobs", knobs);
        var baseUrl = await BaseUrlAsync(simulator);
        using var http = new HttpClient { BaseAddress = baseUrl };
        var days = Enumerable.Range(0, Slices).Select(i => First.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var manifest = ReportsConnector.Manifest(
            polling: "{ initial_interval: PT0.05S, max_interval: PT0.2S }",
            partitionRouter: "{ type: ListPartitionRouter, cursor_field: day, values: \"{{ config['days'] }}\" }",
            creationBody: "{ reportType: campaigns, startDate: \"{{ stream_partition.day }}\", endDate: \"{{ stream_partition.day }}\" }");
        var loaded = ConnectorLoader.Parse("load.yaml", manifest);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var config = (Dictionary<string, object?>)JsonValues.Parse(
            $$"""{"api_key":"sim-key","base_url":"{{baseUrl.ToString().TrimEnd('/')}}","max_jobs":{{Budget}},"days":[{{string.Join(",", days.Select(d => $"\"{d}\""))}}]}""")!;
        var timersBefore = Timer.ActiveCount;
        var read = new CollectingOutput(keepRecords: false);
        var jobs = new JobEventCounts();
        var samples = new List<(TimeSpan At, long Heap, int Sockets)>();
        var started = DateTime.UtcNow;
        ReadSummary summary;
        using (var session = new HttpSession(events: jobs))
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var reading = new SourceReader(loaded.Definition!, session).ReadAsync(config, [new StreamReadRequest("ad_reports")], read, limit.Token);
            while (!reading.IsCompleted)
            {
                await Task.WhenAny(reading, Task.Delay(250));
                samples.Add((DateTime.UtcNow - started, GC.GetTotalMemory(forceFullCollection: true), SocketCount.EstablishedTo(baseUrl.Port)));
            }
            summary = await reading;
        }
        var elapsed = DateTime.UtcNow - started;
        await Task.Delay(200); // closing sockets leave ESTABLISHED asynchronously
        var socketsAfter = SocketCount.EstablishedTo(baseUrl.Port); // before this test's own client connects

        var expected = await ExpectedAsync(http, days);
        using var stats = JsonDocument.Parse(await http.GetStringAsync("__stats"));
        var root = stats.RootElement;
        var jobStats = root.GetProperty("jobs").EnumerateArray().ToList();
        var failed = jobStats.Count(j => j.GetProperty("phase").GetString() == "failed");
        var completed = jobStats.Where(j => j.GetProperty("phase").GetString() == "completed").ToList();
        var heap = samples.Select(s => s.Heap).ToList();
        var (early, late) = Plateaus(heap);
        output.WriteLine($"{Slices} slices, budget {Budget}: {read.Count} records in {elapsed.TotalSeconds:0.0} s; jobs created {root.GetProperty("jobsCreated").GetInt64()} " +
            $"({failed} failed by the 2% knob), max running at once {root.GetProperty("maxConcurrentRunningJobs").GetInt32()}, deleted {root.GetProperty("jobsDeleted").GetInt64()}");
        output.WriteLine($"heap after full GC: early plateau {early / 1024} KiB, late median {late / 1024} KiB, overall max {heap.Max() / 1024} KiB over {samples.Count} samples (by tenths: {string.Join(", ", Tenths(heap).Select(h => h / 1024))} KiB); " +
            $"sockets to the simulator: max {samples.Max(s => s.Sockets)}, at the end {socketsAfter}; timers {timersBefore} -> {Timer.ActiveCount}");

        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures.Select(f => f.Error.Message)));
        Assert.Equal(expected, read.Checksum);
        Assert.Equal(Slices + failed, root.GetProperty("jobsCreated").GetInt64());
        Assert.InRange(failed, 1, Slices / 10);
        Assert.Equal(Slices, completed.Count);
        Assert.InRange(root.GetProperty("maxConcurrentRunningJobs").GetInt32(), 2, Budget);
        // No job leak: nothing runs at the provider, every read job was deleted, the engine saw every job it created end.
        Assert.Equal(0, root.GetProperty("runningJobs").GetInt32());
        Assert.All(completed, j => Assert.True(j.GetProperty("deleted").GetBoolean(), $"job {j.GetProperty("id")} was read but never deleted"));
        Assert.Equal(Slices + failed, jobs.Created);
        Assert.Empty(jobs.CreatedNotEnded);
        Assert.Equal(Slices, jobs.Deleted);
        // No connection leak: the pool stayed bounded during the read and nothing is open once the session is gone.
        Assert.True(samples.Max(s => s.Sockets) <= HttpSessionOptions.Default.MaxConnectionsPerServer, $"up to {samples.Max(s => s.Sockets)} connections at once");
        Assert.Equal(0, socketsAfter);
        // No timer left behind by polling, retries or budgets (a small slack for the runtime's own).
        Assert.True(Timer.ActiveCount <= timersBefore + 2, $"timers: {timersBefore} before, {Timer.ActiveCount} after");
        // Flat memory: the late part of the read holds no more than the early plateau plus a margin, however many jobs went by.
        Assert.True(late <= early + Math.Max(early / 2, 4L << 20), $"heap grew from {early} to {late} bytes");

        await simulator.KillAsync();
    }

    /// <summary>
    /// The medians of the second fifth of the samples (after warm-up) and of the last fifth. A leak lifts the whole last
    /// fifth; one sample taken while a hundred downloads are in flight does not (a late max of 10.9 MB against a 6.3 MB
    /// plateau, every tenth at 6–7 MB, failed CI on a loaded machine).
    /// </summary>
    private static (long Early, long Late) Plateaus(IReadOnlyList<long> heap)
    {
        Assert.True(heap.Count >= 10, $"only {heap.Count} memory samples: the read was too short to judge");
        var fifth = heap.Count / 5;
        var early = heap.Skip(fifth).Take(fifth).Order().ElementAt(fifth / 2);
        return (early, heap.Skip(heap.Count - fifth).Order().ElementAt(fifth / 2));
    }

    private static IEnumerable<long> Tenths(IReadOnlyList<long> heap) => Enumerable.Range(0, 10).Select(i => heap[Math.Min(heap.Count - 1, i * heap.Count / 10)]);

    private static async Task<ExpectedRecords> ExpectedAsync(HttpClient http, IEnumerable<string> days)
    {
        var parts = new List<ExpectedRecords>();
        foreach (var day in days)
            parts.Add((await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<ExpectedRecords>(http,
                $"__expected?family=reports&reportType=campaigns&startDate={day}&endDate={day}", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!);
        return RecordSet.Sum(parts);
    }

    private static async Task<Uri> BaseUrlAsync(SiphonChild simulator)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = simulator.Output.Split('\n').FirstOrDefault(l => l.StartsWith("Siphon simulator listening on ", StringComparison.Ordinal));
            if (line is not null) return new Uri(line["Siphon simulator listening on ".Length..].Trim());
            Assert.False(simulator.HasExited, "the simulator exited: " + simulator.Output);
            await Task.Delay(50, limit.Token);
        }
    }
}
