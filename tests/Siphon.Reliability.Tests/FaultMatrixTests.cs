using Siphon.Http;
using Siphon.Jobs;
using Siphon.Reliability.Tests.Support;
using Siphon.Runs;
using Siphon.Simulator;
using Siphon.Source;
using Siphon.Values;
using Xunit.Abstractions;

namespace Siphon.Reliability.Tests;

/// <summary>
/// The fault matrix: each cell injects one fault into one step of an async export (two report jobs, real HTTP against
/// the simulator) and proves the outcome, the exact record set (count and checksum against <c>/__expected</c>), the
/// exact number of jobs created, and that no job is left running or undeleted. The run writes the table to
/// <c>fault-matrix.md</c> in the test output folder and prints it.
/// </summary>
public sealed class FaultMatrixTests(FaultMatrix matrix, ITestOutputHelper output) : IClassFixture<FaultMatrix>
{
    private static readonly string[] ReportTypes = ["campaigns", "keywords"];
    private static readonly Knobs Base = new() { Rows = 2000, Files = 2, PollsUntilDone = 2, RetryAfterSeconds = 1 };
    private const string Csv = "{ type: CsvDecoder }";
    private const string GzipCsv = "{ type: GzipDecoder, decoder: { type: CsvDecoder } }";
    private const string Timeout = "polling_job_timeout: 0.005";

    /// <summary>One cell: the fault, the step it hits, what the read must end with.</summary>
    /// <param name="Jobs">Jobs the simulator must have seen created.</param>
    /// <param name="Failure">Null when the read must succeed; else text the failure must contain (the step, the cause).</param>
    /// <param name="Fired">Proof from /__stats that the fault really happened.</param>
    /// <param name="Warning">Text a job warning or a retry must contain, when the recovery is worth naming.</param>
    public sealed record Cell(string Fault, string Step, Knobs Knobs, int Jobs, string? Failure = null, string Decoder = GzipCsv,
        string Extra = "", int MaxJobs = 2, Func<SimulatorStatsSnapshot, long>? Fired = null, string? Warning = null)
    {
        public string Name => $"{Fault} @ {Step}";
        public string Expected => Failure is null ? "success" : "fails: " + Failure;
    }

    private static Dictionary<string, ErrorBurst> Burst(string operation) => new() { [operation] = new ErrorBurst { Every = 1000, Length = 2, Status = 503 } };
    private static Dictionary<string, int> Every(string operation, int n) => new() { [operation] = n };

    public static IReadOnlyList<Cell> Cells { get; } =
    [
        .. new[] { "create", "poll", "downloadTarget", "download", "delete" }.SelectMany(step => new Cell[]
        {
            new("5xx burst (2 × 503)", step, Base with { ErrorBursts = Burst(step) }, 2, Fired: s => s.ServerErrors, Warning: "503"),
            new("429 with Retry-After: 1", step, Base with { RateLimitEvery = Every(step, 2) }, 2, Fired: s => s.RateLimited, Warning: "429"),
        }),
        new("connection reset, Range supported", "download", Base with { ResetAfterBytes = 4000, RangeSupport = true }, 2,
            Fired: s => s.ConnectionResets, Warning: "resuming from there with a Range request"),
        new("connection reset, no Range", "download", Base with { ResetAfterBytes = 4000, RangeSupport = false }, 2,
            Fired: s => s.ConnectionResets, Warning: "downloading it again and skipping those records"),
        new("connection reset on every attempt", "download", Base with { ResetAfterBytes = 4000, RangeSupport = false, DownloadFaultAttempts = 100 }, 2,
            Failure: "download of job", Fired: s => s.ConnectionResets),
        new("truncated gzip", "download", Base with { TruncateBytes = 100 }, 2, Warning: "truncated"),
        new("malformed CSV", "download", Base with { BodyFault = "malformed", Compression = "none" }, 2, Decoder: Csv,
            Failure: "download of job", Fired: s => s.DownloadsCompleted),
        new("malformed JSON", "download", Base with { BodyFault = "malformed", Format = "json", Compression = "none" }, 2, Decoder: "{ type: JsonDecoder }",
            Failure: "download of job", Fired: s => s.DownloadsCompleted),
        new("malformed XML", "download", Base with { BodyFault = "malformed", Format = "xml", Compression = "none" }, 2, Decoder: "{ type: XmlDecoder }",
            Failure: "download of job", Fired: s => s.DownloadsCompleted),
        new("200 with an HTML error page, once", "download", Base with { BodyFault = "html", Compression = "none" }, 2, Decoder: Csv,
            Warning: "HTML"),
        new("200 with an HTML error page, always", "download", Base with { BodyFault = "html", Compression = "none", DownloadFaultAttempts = 100 }, 2, Decoder: Csv,
            Failure: "looks like HTML"),
        new("200 with an HTML error page where JSON lines were expected, once", "download", Base with { BodyFault = "html", Format = "jsonl", Compression = "none" }, 2,
            Decoder: "{ type: JsonlDecoder }", Warning: "HTML"),
        new("download URL expired after use (403)", "download", Base with { ExpireUrlsAfterUse = true, ResetAfterBytes = 4000, RangeSupport = false }, 2,
            Fired: s => s.ConnectionResets, Warning: "403"),
        new("download URL always expired (403)", "download", Base with { UrlTtlSeconds = 0 }, 2, Failure: "download of job"),
        new("job fails on the first attempt", "poll", Base with { FailFirstAttempts = 1 }, 4, Warning: "retrying with a new job"),
        new("job fails on every attempt", "poll", Base with { FailFirstAttempts = 100 }, 4, Extra: "max_attempts: 2", Failure: "failed after 2 attempt(s)"),
        new("job never finishes: timeout, abort, attempt limit", "poll", Base with { NeverFinish = true }, 4, Extra: "max_attempts: 2\n      " + Timeout,
            Failure: "did not finish within", Fired: s => s.JobsAborted),
        new("job never finishes, abort answers 503 first", "abort", Base with { NeverFinish = true, ErrorBursts = Burst("abort") }, 2,
            Extra: "max_attempts: 1\n      " + Timeout, Failure: "did not finish within", Fired: s => s.ServerErrors),
        new("unknown status", "poll", Base with { UnknownStatus = true }, 1, MaxJobs: 1, Failure: "unknown status 'PENDING_REVIEW'", Fired: s => s.JobsAborted),
        new("concurrent-job limit (1) below the job budget (2)", "create", Base with { MaxConcurrentJobs = 1 }, 2,
            Fired: s => s.ConcurrencyRejections, Warning: "429"),
        new("slow download (60 kB/s)", "download", Base with { DownloadBytesPerSecond = 60_000 }, 2),
        new("429 with Retry-After (600 s) beyond the job timeout", "poll", Base with { RateLimitEvery = Every("poll", 1), RetryAfterSeconds = 600 }, 2,
            Extra: "max_attempts: 1\n      " + Timeout, Failure: "did not finish within", Fired: s => s.RateLimited),
        new("body stalls (no byte, connection open), Range supported", "download", Base with { StallAfterBytes = 4000, RangeSupport = true }, 2,
            Fired: s => s.ConnectionResets, Warning: "the transfer stalled"),
        new("body stalls (no byte, connection open), no Range", "download", Base with { StallAfterBytes = 4000, RangeSupport = false }, 2,
            Fired: s => s.ConnectionResets, Warning: "downloading it again and skipping those records"),
    ];

    public static TheoryData<string> CellNames() => [.. Cells.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CellNames))]
    public async Task Fault_EndsAsDesignedWithTheExactRecordsAndJobs(string name)
    {
        var cell = Cells.Single(c => c.Name == name);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = cell.Knobs });
        var loaded = ConnectorLoader.Parse("faults.yaml", ReportsConnector.Manifest(cell.Decoder, cell.Extra));
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var events = new EventLog();
        var read = new CollectingOutput();
        // A stalled body counts as broken after 2 s of silence here (60 s by default), so a stall cell takes seconds.
        using var session = new HttpSession(new HttpSessionOptions { BodyIdleTimeout = TimeSpan.FromSeconds(2) }, events: events);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var config = (Dictionary<string, object?>)JsonValues.Parse(ReportsConnector.Config(simulator.BaseUrl, simulator.Options.ApiKey, ReportTypes, cell.MaxJobs))!;

        var summary = await new SourceReader(loaded.Definition!, session).ReadAsync(config, [new StreamReadRequest("ad_reports")], read, limit.Token);

        var stats = simulator.Stats;
        var failure = summary.Failures.FirstOrDefault()?.Error;
        var expected = cell.Failure is null ? await RecordSet.ReportsAsync(simulator, ReportTypes) : RecordSet.Empty;
        var observed = failure is null ? "success" : "fails: " + failure.Message;
        var passed = false;
        try
        {
            if (cell.Failure is null) Assert.True(failure is null, $"{cell.Name}: expected success, got {failure}");
            else
            {
                Assert.NotNull(failure);
                Assert.Contains(cell.Failure, failure.Message);
                Assert.DoesNotContain("   at ", failure.Message); // a message, never a stack trace
            }
            if (cell.Failure is null) Assert.Equal(expected, read.Checksum);
            else
            {
                // A failed read delivers the rows decoded before its failure (as the reference streams them), each once:
                // a retried download skips what it already emitted.
                var rows = read.Records.Select(r => JsonValues.ToJson(r)).ToList();
                Assert.Equal(rows.Count, rows.Distinct().Count());
                Assert.True(rows.Count < (await RecordSet.ReportsAsync(simulator, ReportTypes)).Records, $"{cell.Name}: a failed read delivered every record");
            }
            Assert.Equal(cell.Jobs, stats.JobsCreated);
            Assert.Equal(0, stats.RunningJobs);
            Assert.All(stats.Jobs.Where(j => j.Phase == JobPhase.Completed), j => Assert.True(j.Deleted, $"job {j.Id} completed but was never deleted"));
            if (cell.Fired is not null) Assert.True(cell.Fired(stats) > 0, $"{cell.Name}: the fault never fired");
            if (cell.Warning is not null)
            {
                var said = events.Of<JobWarning>().Select(w => w.Message).Concat(events.Of<HttpRetryScheduled>().Select(r => r.Reason)).ToList();
                Assert.True(said.Any(m => m.Contains(cell.Warning, StringComparison.Ordinal)), $"{cell.Name}: no warning or retry with '{cell.Warning}' among: {string.Join(" | ", said)}");
            }
            passed = true;
        }
        finally
        {
            matrix.Add(cell.Name, new FaultMatrix.Row(cell.Fault, cell.Step, cell.Expected, observed, stats.JobsCreated, read.Count, passed));
            output.WriteLine($"{cell.Name}: expected {cell.Expected}; observed {observed}; jobs {stats.JobsCreated}; records {read.Count} of {expected.Records}");
            output.WriteLine(matrix.Table());
        }
    }

    /// <summary>The stop cells: where a graceful stop (Ctrl+C, SIGTERM) lands, and what the stopped read must leave behind.</summary>
    public static TheoryData<string> StopSteps() => ["poll", "download"];

    /// <summary>
    /// A graceful stop keeps the jobs at the provider and in the last state (nothing aborted, nothing deleted unread); the
    /// next read, given that state, resumes the same jobs: the records the first read output before its last state plus
    /// those of the second are exactly the expected set, with no job created twice.
    /// </summary>
    [Theory]
    [MemberData(nameof(StopSteps))]
    public async Task GracefulStop_TheNextReadResumesTheSameJobsWithTheExactRecords(string step)
    {
        var knobs = step == "poll" ? Base with { PollsUntilDone = 30 } : Base with { DownloadBytesPerSecond = 60_000 };
        var name = $"graceful stop (Ctrl+C, SIGTERM) @ {step}";
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = knobs });
        var loaded = ConnectorLoader.Parse("stop.yaml", ReportsConnector.Manifest());
        var config = (Dictionary<string, object?>)JsonValues.Parse(ReportsConnector.Config(simulator.BaseUrl, simulator.Options.ApiKey, ReportTypes, 2))!;
        using var stop = new CancellationTokenSource();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var events = new EventLog { OnEvent = e => { if (step == "poll" && e is JobPolled) stop.Cancel(); } };
        var first = new CollectingOutput { OnRecord = n => { if (step == "download" && n == 300) stop.Cancel(); } };

        ReadSummary stopped;
        using (var session = new HttpSession(events: events))
            stopped = await new SourceReader(loaded.Definition!, session, new ReadOptions { Stop = stop.Token, AbortJobsOnCancel = false })
                .ReadAsync(config, [new StreamReadRequest("ad_reports")], first, limit.Token);
        var afterStop = simulator.Stats;
        var second = new CollectingOutput();
        ReadSummary resumed;
        using (var session = new HttpSession())
            resumed = await new SourceReader(loaded.Definition!, session).ReadAsync(config, [new StreamReadRequest("ad_reports", first.LastState)], second, limit.Token);

        var stats = simulator.Stats;
        var expected = await RecordSet.ReportsAsync(simulator, ReportTypes);
        var committed = RecordSet.Of(first.Records.Take((int)first.CountAtLastState).Concat(second.Records));
        var observed = resumed.Succeeded ? $"stopped after {first.CountAtLastState} record(s); resumed: success" : $"resumed read failed: {resumed.Failures.FirstOrDefault()?.Error.Message}";
        var passed = false;
        try
        {
            Assert.True(stopped.Stopped, "the first read was not stopped");
            Assert.Equal(0, afterStop.JobsAborted);
            Assert.Equal(0, afterStop.Jobs.Count(j => j.Deleted));
            Assert.True(resumed.Succeeded, observed);
            Assert.Equal(expected, committed);
            Assert.Equal(2, stats.JobsCreated); // the stopped read's jobs, resumed: none created again
            Assert.Equal(0, stats.RunningJobs);
            Assert.All(stats.Jobs.Where(j => j.Phase == JobPhase.Completed), j => Assert.True(j.Deleted, $"job {j.Id} completed but was never deleted"));
            passed = true;
        }
        finally
        {
            matrix.Add(name, new FaultMatrix.Row("graceful stop (Ctrl+C, SIGTERM), then a read from its state", step,
                "stopped; the next read resumes the same jobs", observed, stats.JobsCreated, first.Count + second.Count, passed));
            output.WriteLine($"{name}: observed {observed}; jobs {stats.JobsCreated}; records {first.CountAtLastState} + {second.Count} of {expected.Records}");
        }
    }
}
