using Siphon.Http;
using Siphon.Jobs;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Simulator;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>
/// The AsyncRetriever against the simulator over real HTTP: every case proves with /__stats and /__expected that no
/// record was lost or duplicated and that exactly the right number of jobs was created.
/// </summary>
public sealed class AsyncRetrieverTests
{
    /// <summary>
    /// A SendGrid-style contacts export, with fast polling so tests take milliseconds per poll; <paramref name="creation"/>
    /// goes into the creation requester, <paramref name="extra"/> into the retriever.
    /// </summary>
    internal static string Contacts(string extra = "", string polling = "polling: { initial_interval: PT0.02S, max_interval: PT0.05S }", string creation = "") => $$$"""
        version: 6.5.0
        check: { stream_names: [items] }
        definitions:
          auth: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
        streams:
          - name: items
            retriever:
              type: AsyncRetriever
              {{{polling}}}
              creation_requester:
                url: "{{ config['base_url'] }}/v3/marketing/contacts/exports"
                http_method: POST
                authenticator: "#/definitions/auth"
                {{{creation}}}
              polling_requester:
                url: "{{ config['base_url'] }}/v3/marketing/contacts/exports/{{ creation_response['id'] }}"
                authenticator: "#/definitions/auth"
              abort_requester:
                url: "{{ config['base_url'] }}/v3/marketing/contacts/exports/{{ creation_response['id'] }}/cancel"
                http_method: POST
                authenticator: "#/definitions/auth"
              delete_requester:
                url: "{{ config['base_url'] }}/v3/marketing/contacts/exports/{{ creation_response['id'] }}"
                http_method: DELETE
                authenticator: "#/definitions/auth"
              download_requester: { url: "{{ download_target }}" }
              status_extractor: { field_path: [status] }
              status_mapping: { running: [pending], completed: [ready], failed: [failed], timeout: [] }
              download_target_extractor: { field_path: [urls] }
              record_selector: { extractor: { field_path: [] } }
              download_decoder: { type: GzipDecoder, decoder: { type: CsvDecoder } }
              {{{extra}}}
        """;

    [Fact]
    public async Task Read_ContactsExport_EmitsEveryRecordOnceAndDeletesTheJob()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 500, Files = 3, PollsUntilDone = 2 });
        var retriever = AsyncHarness.Build(Contacts());

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        var stats = harness.Simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(3, stats.Polls);
        Assert.Equal(1, stats.JobsDeleted);
        Assert.Equal(0, stats.JobsAborted);
        Assert.Equal(1, result.SliceEnds);
        Assert.Equal(harness.Simulator.ExpectedForJob(stats.Jobs[0].Id), result.Checksum());
        Assert.Equal(500, result.Records.Count);
        Assert.Equal(3, harness.Events.Of<DownloadFinished>().Count());
    }

    [Fact]
    public async Task Read_DownloadTargetExtractorFindsNothing_WarnsWithThePathAndThePollResponseKeys()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 20, PollsUntilDone = 1 });
        var retriever = AsyncHarness.Build(Contacts().Replace("field_path: [urls]", "field_path: [files, url]", StringComparison.Ordinal));

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        Assert.Empty(result.Records);
        var warning = Assert.Single(harness.Events.Of<JobWarning>());
        Assert.Equal("download target", warning.Step.Text);
        Assert.Contains("found no download target at field_path [files, url] of the final poll response", warning.Message, StringComparison.Ordinal);
        Assert.Contains("urls", warning.Message, StringComparison.Ordinal);
        Assert.Contains("status", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("headers", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_StatusExtractorFindsNothing_SaysThePathAndThePollResponseKeys()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, PollsUntilDone = 1 });
        var retriever = AsyncHarness.Build(Contacts().Replace("status_extractor: { field_path: [status] }", "status_extractor: { field_path: [state] }", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<AsyncJobException>(() => AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config())));

        Assert.Contains("status_extractor found nothing at field_path [state] of the poll response", error.Message, StringComparison.Ordinal);
        Assert.Contains("its top-level keys: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("status", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'None'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_SameCreateErrorOnEveryAttempt_IsSaidOnceWithItsAttempts()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10 });
        var retriever = AsyncHarness.Build(Contacts(creation: "error_handler: { type: DefaultErrorHandler, max_retries: 0 }"));
        var config = harness.Config();
        config["base_url"] = $"http://127.0.0.1:{ClosedPort.Next()}";

        var error = await Assert.ThrowsAsync<AsyncJobException>(() => AsyncHarness.ReadAsync(retriever, harness.Context(config)));

        Assert.Contains("attempts 1, 2, 3 (3×): create job: POST", error.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "create job: POST"));
    }

    [Fact]
    public async Task Read_JobFailsOnFirstAttempt_RetriesWithANewJobWithoutLosingOrDuplicating()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 200, FailFirstAttempts = 1 });
        var retriever = AsyncHarness.Build(Contacts());

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        Assert.Equal(2, harness.Simulator.Stats.JobsCreated);
        Assert.Equal(harness.ExpectedForAllJobs(), result.Checksum());
        Assert.Equal(200, result.Records.Count);
        Assert.Contains(harness.Events.Of<JobWarning>(), w => w.Message.Contains("retrying with a new job"));
    }

    [Fact]
    public async Task Read_JobFailsEveryAttempt_CreatesExactlyMaxAttemptsJobsAndFailsNamingEachAttempt()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, FailFirstAttempts = 10 });
        var retriever = AsyncHarness.Build(Contacts("max_attempts: 2"));

        var error = await Assert.ThrowsAsync<AsyncJobException>(() => AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config())));

        Assert.Equal(2, harness.Simulator.Stats.JobsCreated);
        Assert.Contains("failed after 2 attempt(s)", error.Message);
        Assert.Contains("attempt 1: job", error.Message);
        Assert.Contains("attempt 2: job", error.Message);
        Assert.Contains("('failed')", error.Message);
    }

    [Fact]
    public async Task Read_JobNeverFinishes_IsAbortedOnTimeoutAndNeverRecreatedBeyondTheLimit()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, NeverFinish = true });
        var retriever = AsyncHarness.Build(Contacts("max_attempts: 2\n      polling_job_timeout: 0.005"));

        var error = await Assert.ThrowsAsync<AsyncJobException>(() => AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config())));

        var stats = harness.Simulator.Stats;
        Assert.Equal(2, stats.JobsCreated);
        Assert.Equal(2, stats.JobsAborted);
        Assert.Contains("did not finish within", error.Message);
    }

    [Fact]
    public async Task Read_UnknownStatus_FailsAtOnceNamingTheValueAndAbortsTheJob()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, UnknownStatus = true });
        var retriever = AsyncHarness.Build(Contacts());

        var error = await Assert.ThrowsAsync<AsyncJobException>(() => AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config())));

        Assert.Matches("unknown status '[^']+' for job", error.Message);
        Assert.Contains("running: [pending]", error.Message);
        var stats = harness.Simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(1, stats.Polls);
        Assert.Equal(1, stats.JobsAborted);
    }

    [Fact]
    public async Task Read_TwentySlicesWithBudgetTwo_NeverRunsMoreThanTwoJobs()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 20, Files = 1, PollsUntilDone = 2 });
        var retriever = AsyncHarness.Build(Contacts());
        var budget = new JobBudget(2);

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config(), budget: budget), Slices(20));

        var stats = harness.Simulator.Stats;
        Assert.Equal(20, stats.JobsCreated);
        Assert.True(stats.MaxConcurrentRunningJobs <= 2, $"the simulator saw {stats.MaxConcurrentRunningJobs} running jobs");
        Assert.Equal(2, budget.Peak);
        Assert.Equal(20, result.SliceEnds);
        Assert.Equal(harness.ExpectedForAllJobs(), result.Checksum());
    }

    [Fact]
    public async Task Read_ConfigErrorOnPoll_AbortsEveryRunningJobAndFailsAsConfigError()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, PollsUntilDone = 50 });
        var manifest = Contacts().Replace(
            "url: \"{{ config['base_url'] }}/v3/marketing/contacts/exports/{{ creation_response['id'] }}\"\n        authenticator: \"#/definitions/auth\"",
            "url: \"{{ config['base_url'] }}/v3/marketing/contacts/exports/{{ creation_response['id'] }}\"\n        authenticator: { type: BearerAuthenticator, api_token: wrong }");
        var retriever = AsyncHarness.Build(manifest);

        var error = await Assert.ThrowsAsync<HttpRequestFailedException>(() =>
            AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config(), budget: new JobBudget(3)), Slices(3)));

        Assert.Equal(Siphon.Http.ErrorHandling.FailureType.ConfigError, error.FailureType);
        Assert.Contains("poll job", error.Message);
        var stats = harness.Simulator.Stats;
        Assert.Equal(stats.JobsCreated, stats.JobsAborted);
        Assert.Equal(0, stats.RunningJobs);
    }

    [Fact]
    public async Task Read_Cancelled_AbortsTheRunningJobAndStopsQuickly()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, NeverFinish = true });
        var retriever = AsyncHarness.Build(Contacts());
        using var cancel = new CancellationTokenSource();
        var context = harness.Context(harness.Config(), crashSafety: new CheckpointObserver(() => cancel.CancelAfter(100)));

        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AsyncHarness.ReadAsync(retriever, context, cancellationToken: cancel.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        var stats = harness.Simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(1, stats.JobsAborted);
    }

    [Fact]
    public async Task Read_ResumedFromSavedState_PollsTheSameJobInsteadOfCreatingAnother()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 120, PollsUntilDone = 6 });
        var retriever = AsyncHarness.Build(Contacts());
        var saved = await harness.ReadUntilFirstCheckpointAsync(retriever);
        Assert.True(saved.ContainsKey("async_jobs"));

        var resumed = new StreamStateStore(saved);
        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config(), resumed));

        var stats = harness.Simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(harness.Simulator.ExpectedForJob(stats.Jobs[0].Id), result.Checksum());
        Assert.Contains(harness.Events.Of<JobCreated>(), e => e.Resumed);
        Assert.Null(resumed.Get("async_jobs"));
    }

    [Fact]
    public async Task Read_ResumedJobUnknownToTheProvider_CreatesANewJobAndSaysSo()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 50 });
        var retriever = AsyncHarness.Build(Contacts());
        var createdAt = DateTimeOffset.UtcNow.ToString("O");
        var saved = (Dictionary<string, object?>)JsonValues.Parse(
            "{\"async_jobs\":{\"{}\":{\"attempt\":1,\"job_id\":\"gone\",\"created_at\":\"" + createdAt + "\",\"creation_response\":{\"id\":\"gone\"}}}}")!;
        var context = harness.Context(harness.Config(), new StreamStateStore(saved));

        var result = await AsyncHarness.ReadAsync(retriever, context);

        Assert.Equal(1, harness.Simulator.Stats.JobsCreated);
        Assert.Equal(50, result.Records.Count);
        Assert.True(harness.Events.Of<JobWarning>().Any(w => w.Message.Contains("job gone from the saved state is unknown to the provider (404)")), string.Join(" | ", harness.Events.Of<JobWarning>().Select(w => w.Message)));
    }

    [Fact]
    public async Task Read_DurableJob_IsInStateAsSoonAsItIsCreated()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 5 });
        var retriever = AsyncHarness.Build(Contacts());
        var state = new StreamStateStore();
        var checkpoints = new List<string>();
        var observer = new CheckpointObserver(() => checkpoints.Add(JsonValues.ToJson(state.Snapshot())));

        await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config(), state, crashSafety: observer));

        var checkpoint = Assert.Single(checkpoints);
        Assert.Contains("\"async_jobs\":{\"{}\":{\"attempt\":1,\"job_id\":", checkpoint);
        Assert.Contains("\"creation_response\":{\"id\":", checkpoint);
    }

    [Fact]
    public async Task Read_PollingPolicy_BacksOffAndObeysRetryAfter()
    {
        var policy = PollingPolicy.Default;

        Assert.Equal(TimeSpan.FromSeconds(1), policy.Delay(1, null));
        Assert.Equal(TimeSpan.FromSeconds(1.5), policy.Delay(2, null));
        Assert.Equal(TimeSpan.FromSeconds(2.25), policy.Delay(3, null));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Delay(50, null));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.Delay(1, TimeSpan.FromSeconds(10)));
        await Task.CompletedTask;
    }

    public static TheoryData<string, Knobs, string> DownloadFaults() => new()
    {
        { "reset with Range support", new Knobs { Rows = 3000, Files = 2, ResetAfterBytes = 4000, RangeSupport = true }, "resuming from there with a Range request" },
        { "reset without Range support", new Knobs { Rows = 3000, Files = 2, ResetAfterBytes = 4000, RangeSupport = false }, "downloading it again and skipping those records" },
        { "truncated gzip", new Knobs { Rows = 3000, Files = 2, TruncateBytes = 100 }, "gzip stream truncated" },
        { "reset with a URL that expires after use", new Knobs { Rows = 3000, Files = 1, ResetAfterBytes = 4000, RangeSupport = false, ExpireUrlsAfterUse = true }, "403" },
        { "two broken attempts per file", new Knobs { Rows = 3000, Files = 2, ResetAfterBytes = 3000, RangeSupport = false, DownloadFaultAttempts = 2 }, "skipping those records" },
    };

    [Theory]
    [MemberData(nameof(DownloadFaults))]
    public async Task Read_BrokenDownload_RecoversWithEveryRecordExactlyOnce(string fault, Knobs knobs, string warning)
    {
        await using var harness = await AsyncHarness.StartAsync(knobs);
        var retriever = AsyncHarness.Build(Contacts());

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        var stats = harness.Simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(harness.Simulator.ExpectedForJob(stats.Jobs[0].Id), result.Checksum());
        Assert.True(harness.Events.Of<JobWarning>().Any(w => w.Message.Contains(warning)),
            $"{fault}: expected a warning with '{warning}', got: {string.Join(" | ", harness.Events.Of<JobWarning>().Select(w => w.Message))}");
    }

    [Fact]
    public async Task Read_DownloadBrokenOnEveryAttempt_FailsNamingTheDownload()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 3000, Files = 1, ResetAfterBytes = 3000, RangeSupport = false, DownloadFaultAttempts = 10 });
        var retriever = AsyncHarness.Build(Contacts());

        var error = await Assert.ThrowsAsync<AsyncJobException>(() => AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config())));

        Assert.StartsWith($"download of job {harness.Simulator.Stats.Jobs[0].Id}: file 1 broke on each of 4 attempt(s)", error.Message);
        Assert.True(error.InnerException is IOException or HttpRequestException, error.ToString());
        Assert.Equal(4, harness.Simulator.Stats.Downloads);
    }

    /// <summary>The simulator's request-reply export: no polling requester, the create's Location is polled until it redirects.</summary>
    private const string RequestReplyManifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        streams:
          - name: items
            retriever:
              type: AsyncRetriever
              polling: { initial_interval: PT0.02S, max_interval: PT0.05S }
              creation_requester:
                url: "{{ config['base_url'] }}/async/exports"
                http_method: POST
                authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
              download_requester: { url: "{{ download_target }}" }
              record_selector: { extractor: { field_path: [] } }
        """;

    [Fact]
    public async Task Read_RequestReplyWithoutPollingRequester_PollsLocationAndDownloadsWhereTheRedirectLeads()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 250, PollsUntilDone = 2, PollIntervalSeconds = 0 });
        var retriever = AsyncHarness.Build(RequestReplyManifest);

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        var stats = harness.Simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(harness.Simulator.ExpectedForJob(stats.Jobs[0].Id), result.Checksum());
        Assert.Contains(harness.Events.Of<JobPolled>(), p => p.RawStatus == "202 Accepted" && p.Status == JobStatus.Running);
        Assert.Contains(harness.Events.Of<JobPolled>(), p => p.RawStatus == "303 See Other" && p.Status == JobStatus.Completed);
    }

    [Fact]
    public async Task Read_PollOfARunningJob_CarriesTheWaitBeforeTheNextPoll_TheRetryAfterWhenItIsLonger()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 10, PollsUntilDone = 2, PollIntervalSeconds = 1 });
        var retriever = AsyncHarness.Build(RequestReplyManifest);

        await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        var polls = harness.Events.Of<JobPolled>().ToList();
        Assert.Contains(polls, p => p.Status == JobStatus.Running);
        Assert.All(polls.Where(p => p.Status == JobStatus.Running), p => Assert.Equal(TimeSpan.FromSeconds(1), p.NextPollIn));
        Assert.Null(Assert.Single(polls, p => p.Status == JobStatus.Completed).NextPollIn);
    }

    [Fact]
    public async Task Read_JobWithSeveralFiles_DownloadsThemConcurrentlyAndLosesNothing()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 3000, Files = 6, DownloadBytesPerSecond = 100_000 });
        var retriever = AsyncHarness.Build(Contacts("download_concurrency: 3"));

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        Assert.Equal(harness.Simulator.ExpectedForJob(harness.Simulator.Stats.Jobs[0].Id), result.Checksum());
        var running = 0;
        var peak = 0;
        foreach (var e in harness.Events.All)
        {
            if (e is DownloadStarted) peak = Math.Max(peak, ++running);
            if (e is DownloadFinished) running--;
        }
        Assert.Equal(3, peak);
        Assert.Equal(6, harness.Events.Of<DownloadFinished>().Count());
    }

    [Fact]
    public async Task Read_JobSkipped_DownloadsNothingAndClosesTheSlice()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 20 });
        // The API's "ready" is declared "skipped" here: nothing is downloaded, the slice still ends (state can advance).
        var retriever = AsyncHarness.Build(Contacts().Replace(
            "status_mapping: { running: [pending], completed: [ready], failed: [failed], timeout: [] }",
            "status_mapping: { running: [pending], completed: [], failed: [failed], timeout: [], skipped: [ready] }"));

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        Assert.Empty(result.Records);
        Assert.Equal(1, result.SliceEnds);
        Assert.Equal(1, harness.Simulator.Stats.JobsCreated);
        Assert.Equal(0, harness.Simulator.Stats.Downloads);
        Assert.Contains(harness.Events.Of<JobFinished>(), f => f.Status == JobStatus.Skipped);
    }

    private static async IAsyncEnumerable<StreamSlice> Slices(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new StreamSlice(new Dictionary<string, object?>(StringComparer.Ordinal) { ["n"] = (long)i }, JsonValues.NewObject(), JsonValues.NewObject());
            await Task.Yield();
        }
    }
}
