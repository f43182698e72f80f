using System.Net;
using System.Text.Json;

namespace Siphon.Simulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task RateLimit_OnCreate_EveryNthCallAnswers429WithRetryAfter()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Knobs = new() { RateLimitEvery = new Dictionary<string, int> { [SimOperation.Create] = 2 }, RetryAfterSeconds = 7 },
        });
        using var client = new SimClient(sim);

        await client.CreateContactsAsync();
        using var limited = await client.SendAsync(client.Bearer(HttpMethod.Post, "v3/marketing/contacts/exports"));
        await client.CreateContactsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter?.Delta);
        Assert.Equal((2, 1), (sim.Stats.JobsCreated, sim.Stats.RateLimited));
    }

    [Fact]
    public async Task RateLimit_OnPoll_CountsPollsPerJob()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Knobs = new() { PollsUntilDone = 5, RateLimitEvery = new Dictionary<string, int> { [SimOperation.Poll] = 3 } },
        });
        using var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.SendAsync(client.Bearer(HttpMethod.Get, $"v3/marketing/contacts/exports/{id}"));
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], codes);
    }

    [Theory]
    [InlineData(SimOperation.Create)]
    [InlineData(SimOperation.Poll)]
    [InlineData(SimOperation.DownloadTarget)]
    [InlineData(SimOperation.Download)]
    [InlineData(SimOperation.Abort)]
    [InlineData(SimOperation.Delete)]
    [InlineData(SimOperation.List)]
    public async Task ErrorBursts_OnEachOperation_FailTheFirstCallsOfEachRun(string operation)
    {
        var burst = new ErrorBurst { Every = 3, Length = 2, Status = 502 };
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Knobs = new() { PollsUntilDone = 0, ErrorBursts = new Dictionary<string, ErrorBurst> { [operation] = burst } },
        });
        using var client = new SimClient(sim);
        Func<HttpRequestMessage> call = await PrepareAsync(client, operation);

        var codes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.SendAsync(call());
            codes.Add((int)response.StatusCode);
        }

        Assert.Equal([true, true, false, true, true, false], codes.Select(c => c == 502));
        Assert.Equal(4, sim.Stats.ServerErrors);
    }

    private static async Task<Func<HttpRequestMessage>> PrepareAsync(SimClient client, string operation)
    {
        switch (operation)
        {
            case SimOperation.Create:
                return () => client.Bearer(HttpMethod.Post, "v3/marketing/contacts/exports");
            case SimOperation.DownloadTarget:
                var report = await ReportsTests.CreateAsync(client, new { reportType = "keywords", startDate = "2024-01-01", endDate = "2024-01-01" });
                await ReportsTests.StateAsync(client, report);
                return () => client.ApiKey(HttpMethod.Get, $"reporting/reports/{report}/document");
            case SimOperation.List:
                return () => client.Bearer(HttpMethod.Get, "api/items/offset");
        }

        var id = await client.CreateContactsAsync();
        switch (operation)
        {
            case SimOperation.Poll:
                return () => client.Bearer(HttpMethod.Get, $"v3/marketing/contacts/exports/{id}");
            case SimOperation.Abort:
                return () => client.Bearer(HttpMethod.Post, $"v3/marketing/contacts/exports/{id}/cancel");
            case SimOperation.Delete:
                // The third call deletes the job; the outage still answers 502 before looking the job up, the sixth finds nothing (404).
                return () => client.Bearer(HttpMethod.Delete, $"v3/marketing/contacts/exports/{id}");
            default:
                var url = (await client.PollContactsUntilReadyAsync(id))[0];
                return () => new HttpRequestMessage(HttpMethod.Get, url);
        }
    }

    [Fact]
    public void ErrorBursts_After_LetsTheFirstCallsThrough()
    {
        var burst = new ErrorBurst { Every = 4, Length = 1, After = 2 };

        var fails = Enumerable.Range(1, 10).Select(call => burst.Fails(call));

        Assert.Equal([false, false, true, false, false, false, true, false, false, false], fails);
    }

    [Fact]
    public async Task FailFirstAttempts_SameRequest_FailsThenSucceedsOnRetry()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, FailFirstAttempts = 2 } });
        using var client = new SimClient(sim);

        var statuses = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var id = await client.CreateContactsAsync();
            statuses.Add((await client.PollContactsAsync(id)).GetProperty("status").GetString()!);
        }

        Assert.Equal(["failed", "failed", "ready"], statuses);
        Assert.Equal([1, 2, 3], sim.Stats.Jobs.Select(j => j.Attempt));
    }

    [Fact]
    public async Task FailFirstAttempts_CountPerReportRequest()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, FailFirstAttempts = 1 } });
        using var client = new SimClient(sim);
        object Window(string day) => new { reportType = "campaigns", startDate = day, endDate = day };

        var january = await ReportsTests.CreateAsync(client, Window("2024-01-01"));
        var february = await ReportsTests.CreateAsync(client, Window("2024-02-01"));
        var januaryRetry = await ReportsTests.CreateAsync(client, Window("2024-01-01"));

        Assert.Equal("FAILED", await ReportsTests.StateAsync(client, january));
        Assert.Equal("FAILED", await ReportsTests.StateAsync(client, february));
        Assert.Equal("COMPLETED", await ReportsTests.StateAsync(client, januaryRetry));
    }

    [Fact]
    public async Task FailureRate_IsDeterministicAndRoughlyTheRate()
    {
        async Task<string> OutcomesAsync()
        {
            await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, FailureRate = 0.5 } });
            using var client = new SimClient(sim);
            var outcome = "";
            for (var i = 0; i < 40; i++)
            {
                outcome += (await client.PollContactsAsync(await client.CreateContactsAsync())).GetProperty("status").GetString() == "failed" ? 'F' : 'R';
            }

            return outcome;
        }

        var first = await OutcomesAsync();
        Assert.Equal(first, await OutcomesAsync());
        Assert.InRange(first.Count(c => c == 'F'), 8, 32);
    }

    [Fact]
    public async Task UnknownStatus_AnswersAValueOutsideTheVocabularyForever()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, UnknownStatus = true } });
        using var client = new SimClient(sim);
        var id = await ReportsTests.CreateAsync(client, new { reportType = "campaigns", startDate = "2024-01-01", endDate = "2024-01-01" });

        for (var i = 0; i < 5; i++) Assert.Equal("PENDING_REVIEW", await ReportsTests.StateAsync(client, id));
        Assert.Equal(1, sim.Stats.RunningJobs);
    }

    [Fact]
    public async Task NeverFinish_StaysRunning()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, NeverFinish = true } });
        using var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();

        for (var i = 0; i < 20; i++) Assert.Equal("pending", (await client.PollContactsAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task SecondsUntilDone_CompletesByTheInjectedClockNotByPolls()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { TimeProvider = clock, Knobs = new() { SecondsUntilDone = 300 } });
        using var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();

        for (var i = 0; i < 5; i++) Assert.Equal("pending", (await client.PollContactsAsync(id)).GetProperty("status").GetString());
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("ready", (await client.PollContactsAsync(id)).GetProperty("status").GetString());
        var history = sim.Stats.Jobs.Single().History;
        Assert.Equal(clock.GetUtcNow(), history[^1].At);
    }

    [Fact]
    public async Task Stats_ReadyAtAndFirstDownloadAt_TellWhenTheJobWasReadyAndWhenItsDownloadBegan()
    {
        var created = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(created);
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { TimeProvider = clock, Knobs = new() { SecondsUntilDone = 10, Files = 1, Rows = 5 } });
        using var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();
        Assert.Null(sim.Stats.Jobs.Single().ReadyAt);

        // Ready at creation + 10 s even though the client only polls (and downloads) at + 25 s and + 27 s.
        clock.Advance(TimeSpan.FromSeconds(25));
        var urls = await client.PollContactsUntilReadyAsync(id);
        Assert.Null(sim.Stats.Jobs.Single().FirstDownloadAt);
        clock.Advance(TimeSpan.FromSeconds(2));
        await client.BytesAsync(urls[0]);
        await client.BytesAsync(urls[0]);

        var job = sim.Stats.Jobs.Single();
        Assert.Equal(created.AddSeconds(10), job.ReadyAt);
        Assert.Equal(created.AddSeconds(27), job.FirstDownloadAt);
    }

    [Fact]
    public async Task MaxConcurrentJobs_RejectsBeyondLimit_UntilAJobCompletes()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 1, MaxConcurrentJobs = 2 } });
        using var client = new SimClient(sim);
        var first = await client.CreateContactsAsync();
        await client.CreateContactsAsync();

        using var rejected = await client.SendAsync(client.Bearer(HttpMethod.Post, "v3/marketing/contacts/exports"));
        await client.PollContactsUntilReadyAsync(first);
        await client.CreateContactsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.NotNull(rejected.Headers.RetryAfter);
        var stats = sim.Stats;
        Assert.Equal((3, 1, 2, 2), (stats.JobsCreated, stats.ConcurrencyRejections, stats.MaxConcurrentRunningJobs, stats.RunningJobs));
    }

    [Fact]
    public async Task HoldSlotUntilDeleted_CompletedJobKeepsItsSlot_AbortOrDeleteFreesIt()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, MaxConcurrentJobs = 1, HoldSlotUntilDeleted = true } });
        using var client = new SimClient(sim);
        var first = await client.CreateContactsAsync();
        await client.PollContactsUntilReadyAsync(first);

        using var rejected = await client.SendAsync(client.Bearer(HttpMethod.Post, "v3/marketing/contacts/exports"));
        await client.JsonAsync(client.Bearer(HttpMethod.Delete, $"v3/marketing/contacts/exports/{first}"), HttpStatusCode.NoContent);
        var second = await client.CreateContactsAsync();
        await client.JsonAsync(client.Bearer(HttpMethod.Post, $"v3/marketing/contacts/exports/{second}/cancel"));
        await client.CreateContactsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal(1, sim.Stats.MaxConcurrentRunningJobs);
    }
}
