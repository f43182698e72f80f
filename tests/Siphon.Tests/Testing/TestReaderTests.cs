using System.Diagnostics;
using System.Text.Json;
using Siphon.Simulator;
using Siphon.Testing;

namespace Siphon.Tests.Testing;

/// <summary>Test reads (what the builder's Test button runs) against the simulator over loopback HTTP.</summary>
public sealed class TestReaderTests
{
    [Fact]
    public async Task RunAsync_SyncStreamWithMorePages_StopsAtThePageLimitAndSaysMoreDataExisted()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 1000 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Items(perPage: 10), TestReadKit.Config(sim, apiKey: false),
            new TestReadRequest { Stream = "items", Limits = new TestReadLimits { Records = 100, PagesPerSlice = 3 } });

        var result = outcome.Result;
        Assert.Equal("completed", result.Status);
        var slice = Assert.Single(result.Slices);
        Assert.Equal(3, slice.Pages.Count);
        Assert.All(slice.Pages, p => Assert.Equal(10, p.Records.Count));
        Assert.Contains("page=2", slice.Pages[1].Request!.Url, StringComparison.Ordinal);
        Assert.Contains("page=3", slice.Pages[2].Request!.Url, StringComparison.Ordinal);
        Assert.All(slice.Pages, p => Assert.Equal(200, p.Response!.Status));
        Assert.Contains("\"results\"", slice.Pages[0].Response!.Body);
        Assert.Equal("Bearer ****", slice.Pages[0].Request!.Headers["Authorization"]);
        Assert.True(result.TestReadLimitReached);
        Assert.Equal(["pages"], result.LimitsReached);
        Assert.Empty(slice.AuxiliaryRequests);
        Assert.Equal(30, result.RecordCount);
        Assert.Equal("%Y-%m-%dT%H:%M:%SZ", result.InferredDatetimeFormats["updated_at"]);
        Assert.Equal("integer", result.InferredSchema!.Value.GetProperty("properties").GetProperty("id").GetProperty("type")[0].GetString());
    }

    [Fact]
    public async Task RunAsync_RecordLimitAtAPageEnd_DoesNotListThePageItStoppedAt()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 1000 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Items(perPage: 10), TestReadKit.Config(sim, apiKey: false),
            new TestReadRequest { Stream = "items", Limits = new TestReadLimits { Records = 10 } });

        Assert.Equal(["records"], outcome.Result.LimitsReached);
        var page = Assert.Single(outcome.Result.Slices.Single().Pages);
        Assert.Equal(10, page.Records.Count);
    }

    [Fact]
    public async Task RunAsync_ConsumerSlowerThanTheRequests_RequestsNoPagePastTheRecordLimit()
    {
        // The reader reads ahead of the output; a record limit must still end the requests at the page holding the record
        // past it, whatever the output's pace (a busy machine used to let the page limit fire first).
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 1000 });
        var requests = new List<string>();
        var outcome = await TestReader.RunAsync(TestReadKit.Load(TestReadKit.Items(perPage: 10)), TestReadKit.Config(sim, apiKey: false),
            new TestReadRequest { Stream = "items", Limits = new TestReadLimits { Records = 10, PagesPerSlice = 5 } }, progress =>
            {
                if (progress.Kind == "request") lock (requests) requests.Add(progress.Message);
                if (progress.Kind == "records" && progress.Records == 1) Thread.Sleep(500);
            }, CancellationToken.None);

        Assert.Equal(["records"], outcome.Result.LimitsReached);
        Assert.Equal(10, outcome.Result.RecordCount);
        lock (requests) Assert.Equal(2, requests.Count);
    }

    [Fact]
    public async Task RunAsync_GzipDownload_ResponseShowsTheTextInside()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, Files = 1, PollsUntilDone = 1 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports" });

        var page = outcome.Result.Slices.Single().Pages.Single();
        Assert.NotNull(page.Response!.BodyBase64);
        var inflated = page.Response.Inflated!;
        Assert.Equal("gzip", inflated.Format);
        Assert.True(inflated.Complete);
        Assert.Equal(inflated.Text.Length, inflated.Size);
        Assert.Equal(11, inflated.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(page.Records[0].GetProperty("campaign_id").GetString()!, inflated.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StreamSmallerThanTheLimits_DoesNotReportALimit()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 25 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Items(perPage: 10), TestReadKit.Config(sim, apiKey: false),
            new TestReadRequest { Stream = "items", Limits = new TestReadLimits { Records = 25, PagesPerSlice = 3 } });

        Assert.Equal(25, outcome.Result.RecordCount);
        Assert.Equal([10, 10, 5], outcome.Result.Slices.Single().Pages.Select(p => p.Records.Count));
        Assert.False(outcome.Result.TestReadLimitReached);
    }

    [Fact]
    public async Task RunAsync_RecordLimitWithMoreRecords_StopsAtTheLimit()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 1000 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Items(perPage: 10), TestReadKit.Config(sim, apiKey: false),
            new TestReadRequest { Stream = "items", Limits = new TestReadLimits { Records = 15 } });

        Assert.Equal(15, outcome.Result.RecordCount);
        Assert.Equal(["records"], outcome.Result.LimitsReached);
        Assert.Equal("completed", outcome.Result.Status);
    }

    [Fact]
    public async Task RunAsync_AsyncStreamWithSeveralSlices_GivesEachSliceOnlyItsOwnJobRequests()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 40, Files = 2, PollsUntilDone = 2 });
        var progress = new List<TestReadProgress>();
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports(), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports", Limits = new TestReadLimits { Records = 500 } }, progress);

        var result = outcome.Result;
        Assert.True(result.Status == "completed", result.ToJson(indented: true));
        Assert.Equal(3, result.Slices.Count);
        Assert.Equal(120, result.RecordCount);
        Assert.False(result.TestReadLimitReached);
        var stats = sim.Stats;
        Assert.Equal(3, stats.JobsCreated);
        Assert.Equal(3, stats.JobsDeleted);
        foreach (var slice in result.Slices)
        {
            var reportType = slice.SliceDescriptor.GetProperty("report_type").GetString();
            var aux = slice.AuxiliaryRequests;
            Assert.Equal(["Async Job -- Create", "Async Job -- Polling", "Async Job -- Polling", "Async Job -- Polling", "Async Job -- Download Target", "Async Job -- Delete"],
                aux.Select(a => a.Title));
            var jobId = aux[0].JobId;
            Assert.NotNull(jobId);
            Assert.Contains(stats.Jobs, j => j.Id == jobId);
            Assert.All(aux, a => Assert.Equal(jobId, a.JobId));
            Assert.All(aux, a => Assert.Equal(1, a.Attempt));
            Assert.Contains(reportType!, aux[0].Request!.Body);
            Assert.Equal([1, 2, 3], aux.Where(a => a.Step == "poll").Select(a => a.Index!.Value));
            Assert.Equal(["running", "running", "completed"], aux.Where(a => a.Step == "poll").Select(a => a.MappedStatus));
            Assert.Equal("COMPLETED", aux.Single(a => a.Step == "poll" && a.Index == 3).RawStatus);
            Assert.All(aux, a => Assert.True(a.DurationMs >= 0 && a.StartedAt is not null));
            Assert.Contains("urls", aux.Single(a => a.Step == "download_target").Response!.Body);
            Assert.Equal(2, slice.Pages.Count); // one page per file
            Assert.All(slice.Pages, p => Assert.Equal(jobId, p.JobId));
            Assert.All(slice.Pages, p => Assert.NotNull(p.Response!.BodyBase64)); // gzip: binary, as base64
            Assert.All(slice.Pages, p => Assert.Contains("gzip", p.Response!.ContentType ?? ""));
            Assert.Equal(40, slice.Pages.Sum(p => p.Records.Count));
            Assert.All(slice.Pages.SelectMany(p => p.Records), r => Assert.Equal(reportType, r.GetProperty("report_type").GetString()));
        }
        Assert.Equal(9, progress.Count(p => p.Kind == "job_polled"));
        Assert.Contains(progress, p => p is { Kind: "job_polled", Poll: 3, RawStatus: "COMPLETED", MappedStatus: "completed" });
        Assert.Equal(3, progress.Count(p => p.Kind == "job_created"));
        Assert.Equal("finished", progress[^1].Kind);
    }

    [Fact]
    public async Task RunAsync_PollOfARunningJob_SaysWhenThePollingPolicyPollsNext_AndAFinalPollDoesNot()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, Files = 1, PollsUntilDone = 2 });
        var progress = new List<TestReadProgress>();
        await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), TestReadKit.Config(sim, apiKey: true), new TestReadRequest { Stream = "reports" }, progress);

        var polls = progress.Where(p => p.Kind == "job_polled").ToList();
        // The kit's policy: 0.02 s, then x1.5 (the default multiplier) per poll.
        Assert.Equal([1, 2, 3], polls.Select(p => p.Poll!.Value));
        Assert.Equal(0.03, polls[0].NextPollSeconds!.Value, 6);
        Assert.Equal(0.045, polls[1].NextPollSeconds!.Value, 6);
        Assert.Null(polls[2].NextPollSeconds);
        var json = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(polls[0], StreamReadResult.JsonOptions)).RootElement;
        Assert.Equal(0.03, json.GetProperty("next_poll_seconds").GetDouble(), 6);
    }

    [Fact]
    public async Task RunAsync_PollWhoseNextWaitOutlastsTheJobTimeout_HasNoNextPoll()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, NeverFinish = true });
        var manifest = TestReadKit.Reports("[campaigns]").Replace(TestReadKit.Polling, "polling: { initial_interval: PT0.05S, max_interval: PT10S, multiplier: 100 }", StringComparison.Ordinal);
        var progress = new List<TestReadProgress>();

        await TestReadKit.ReadAsync(manifest, TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports", JobAttempts = 1, JobTimeout = TimeSpan.FromSeconds(1) }, progress);

        // The first poll comes after 0.05 s; the next would wait 5 s, past the 1 s timeout: the job times out instead.
        var polls = progress.Where(p => p.Kind == "job_polled").ToList();
        Assert.All(polls, p => Assert.Equal("running", p.MappedStatus));
        Assert.Null(polls[^1].NextPollSeconds);
        Assert.Contains(progress, p => p is { Kind: "job_finished", MappedStatus: "timeout" });
    }

    [Fact]
    public async Task RunAsync_SliceLimit_ReadsOnlyThatManySlicesAndSaysMoreExisted()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, Files = 1, PollsUntilDone = 1 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports(), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports", Limits = new TestReadLimits { Slices = 2 } });

        Assert.Equal(2, outcome.Result.Slices.Count);
        Assert.Equal(["slices"], outcome.Result.LimitsReached);
        Assert.Equal(2, sim.Stats.JobsCreated);
    }

    [Fact]
    public async Task RunAsync_JobFailsThenIsRetried_ShowsBothAttemptsInTheSlice()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, Files = 1, PollsUntilDone = 1, FailFirstAttempts = 1 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports" });

        var result = outcome.Result;
        Assert.Equal("completed", result.Status);
        var aux = Assert.Single(result.Slices).AuxiliaryRequests;
        var creates = aux.Where(a => a.Step == "create").ToList();
        Assert.Equal([1, 2], creates.Select(c => c.Attempt!.Value));
        Assert.NotEqual(creates[0].JobId, creates[1].JobId);
        Assert.Contains(aux, a => a is { Step: "poll", Attempt: 1, MappedStatus: "failed", RawStatus: "FAILED" });
        Assert.Contains(aux, a => a is { Step: "poll", Attempt: 2, MappedStatus: "completed" });
        Assert.Contains(result.Logs, l => l.Level == "WARN" && l.Message.Contains("retrying with a new job", StringComparison.Ordinal));
        Assert.Equal(10, result.RecordCount);
        Assert.Equal(2, sim.Stats.JobsCreated);
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_FailsAtTheFirstTryNamingTheStepAndTheUrl()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10 });
        var config = TestReadKit.Config(sim, apiKey: true);
        var closed = ClosedPort.Next();
        config["base_url"] = $"http://127.0.0.1:{closed}";
        var progress = new List<TestReadProgress>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), config, new TestReadRequest { Stream = "reports" }, progress);

        Assert.Equal("failed", outcome.Result.Status);
        Assert.Contains($"create job: POST http://127.0.0.1:{closed}/reporting/reports failed", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Contains("no connection to the server: check the URL", outcome.Result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(progress, p => p.Kind == "retry");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_SyncStream_DoesNotSayHowJobFilesAreDownloaded_AnAsyncOneDoes()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, Files = 1, PollsUntilDone = 1 });
        var sync = await TestReadKit.ReadAsync(TestReadKit.Items(perPage: 10), TestReadKit.Config(sim, apiKey: false), new TestReadRequest { Stream = "items" });
        var job = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), TestReadKit.Config(sim, apiKey: true), new TestReadRequest { Stream = "reports" });

        Assert.DoesNotContain(sync.Result.Settings.DifferencesFromSync, d => d.Contains("downloaded one after another", StringComparison.Ordinal));
        Assert.DoesNotContain(sync.Result.Logs, l => l.Message.Contains("downloaded one after another", StringComparison.Ordinal));
        Assert.Contains(job.Result.Settings.DifferencesFromSync, d => d.Contains("downloaded one after another", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_JobAttemptsOverride_IsAppliedAndEchoed()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, Files = 1, PollsUntilDone = 1, FailFirstAttempts = 1 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports", JobAttempts = 1 });

        Assert.Equal("failed", outcome.Result.Status);
        Assert.Equal(1, sim.Stats.JobsCreated);
        Assert.Equal(1, outcome.Result.Settings.JobAttempts);
        Assert.Contains(outcome.Result.Settings.DifferencesFromSync, d => d.Contains("1 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_JobTimeoutOverride_TimesTheJobOutAbortsItAndSaysSo()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, NeverFinish = true });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns]"), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports", JobAttempts = 1, JobTimeout = TimeSpan.FromSeconds(0.5) });

        Assert.Equal("failed", outcome.Result.Status);
        Assert.Contains("did not finish within", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Equal(1, sim.Stats.JobsAborted);
        Assert.Contains(outcome.Result.Slices.Single().AuxiliaryRequests, a => a.Title == "Async Job -- Abort");
        Assert.Equal(0.5 / 60, outcome.Result.Settings.JobTimeoutMinutes!.Value, 6);
        Assert.Contains(outcome.Result.Settings.DifferencesFromSync, d => d.Contains("time out after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Cancelled_AbortsTheJobAndEndsPromptly()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, NeverFinish = true });
        using var cancel = new CancellationTokenSource();
        var polled = new TaskCompletionSource();
        var run = TestReader.RunAsync(TestReadKit.Load(TestReadKit.Reports("[campaigns]")), TestReadKit.Config(sim, apiKey: true),
            new TestReadRequest { Stream = "reports" }, p => { if (p is { Kind: "job_polled", Poll: 2 }) polled.TrySetResult(); }, cancel.Token);
        await polled.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var outcome = await run;
        watch.Stop();

        // The job never finishes: only the cancel ends the run. The bound is loose because the full suite shares 2 cores.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the run ended {watch.Elapsed} after the cancel");
        Assert.Equal("cancelled", outcome.Result.Status);
        Assert.Equal(1, sim.Stats.JobsAborted);
        Assert.Contains(sim.Stats.Jobs.Single().History, h => h.Status == "aborted");
        Assert.Contains(outcome.Result.Slices.Single().AuxiliaryRequests, a => a.Title == "Async Job -- Abort" && a.Response?.Status < 300);
    }

    [Fact]
    public async Task RunAsync_ReplayOfARecordedRead_GivesTheSameResultWithoutTheNetwork()
    {
        TestReadOutcome recorded;
        Dictionary<string, object?> config;
        await using (var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 20, Files = 2, PollsUntilDone = 2 }))
        {
            config = TestReadKit.Config(sim, apiKey: true);
            recorded = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns, keywords]"), config, new TestReadRequest { Stream = "reports", Record = true });
        }
        // The simulator is gone: any socket opened now would be refused.
        var cassette = Cassette.FromJson(recorded.Cassette!.ToJson());
        var replayed = await TestReadKit.ReadAsync(TestReadKit.Reports("[campaigns, keywords]"), config, new TestReadRequest { Stream = "reports", Replay = cassette });

        Assert.Equal("completed", replayed.Result.Status);
        Assert.Equal(40, replayed.Result.RecordCount);
        Assert.True(replayed.Result.Settings.Replayed);
        var expected = Comparable(recorded.Result);
        var actual = Comparable(replayed.Result);
        var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
        Assert.True(expected == actual, $"differs at {at}: {expected[Math.Max(0, at - 300)..Math.Min(expected.Length, at + 100)]}");
        Assert.DoesNotContain("sim-key", recorded.Cassette.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BodyCap_CutsBodiesAndFlagsThemTruncated()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 1000 });
        var outcome = await TestReadKit.ReadAsync(TestReadKit.Items(perPage: 100), TestReadKit.Config(sim, apiKey: false),
            new TestReadRequest { Stream = "items", Limits = new TestReadLimits { PagesPerSlice = 1 }, BodyCaptureBytes = 64 });

        var response = outcome.Result.Slices.Single().Pages.Single().Response!;
        Assert.True(response.Truncated);
        Assert.Equal(64, response.Body!.Length);
        Assert.True(response.Size > 64);
        Assert.Equal(100, outcome.Result.RecordCount); // the production decoder still read the whole page
    }

    /// <summary>The result without what differs from run to run (times, durations).</summary>
    private static string Comparable(StreamReadResult result)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(result.ToJson())!;
        void Strip(System.Text.Json.Nodes.JsonNode? n)
        {
            switch (n)
            {
                case System.Text.Json.Nodes.JsonObject o:
                    foreach (var key in new[] { "started_at", "duration_ms", "time", "settings", "created_at" }) o.Remove(key);
                    foreach (var (_, child) in o.ToList()) Strip(child);
                    break;
                case System.Text.Json.Nodes.JsonArray a:
                    foreach (var child in a) Strip(child);
                    break;
            }
        }
        Strip(node);
        // Logs mention timings; response headers carry dates; a slice's state holds the jobs other slices had running then.
        node.AsObject().Remove("logs");
        foreach (var slice in node["slices"]!.AsArray())
        {
            slice!.AsObject().Remove("state");
            foreach (var page in slice!["pages"]!.AsArray()) page!["response"]?.AsObject().Remove("headers");
            foreach (var aux in slice["auxiliary_requests"]!.AsArray()) aux!["response"]?.AsObject().Remove("headers");
        }
        return node.ToJsonString();
    }
}
