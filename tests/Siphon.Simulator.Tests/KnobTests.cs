using System.Net;

namespace Siphon.Simulator.Tests;

public sealed class KnobTests
{
    [Fact]
    public async Task Knobs_FromHeader_ApplyToThatJobOnly()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 10, PollsUntilDone = 0 } });
        using var client = new SimClient(sim);

        var big = await client.CreateContactsAsync("""{"rows":33,"files":1}""");
        var plain = await client.CreateContactsAsync();

        Assert.Single(await client.PollContactsUntilReadyAsync(big));
        Assert.Equal(2, (await client.PollContactsUntilReadyAsync(plain)).Length);
        Assert.Equal(33, sim.ExpectedForJob(big).Records);
        Assert.Equal(10, sim.ExpectedForJob(plain).Records);
    }

    [Fact]
    public async Task Knobs_FromQueryString_OnCreate()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        var id = (await client.JsonAsync(client.Bearer(HttpMethod.Post, "v3/marketing/contacts/exports?sim.rows=7&sim.pollsUntilDone=0&sim-knobs=%7B%22files%22%3A1%7D"), HttpStatusCode.Accepted))
            .GetProperty("id").GetString()!;

        Assert.Single(await client.PollContactsUntilReadyAsync(id, maxPolls: 1));
        Assert.Equal(7, sim.ExpectedForJob(id).Records);
    }

    [Fact]
    public async Task Knobs_Unknown_Returns400NamingTheKnobs()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        var json = await client.JsonAsync(client.Bearer(HttpMethod.Post, "v3/marketing/contacts/exports", """{"rowz":1}"""), HttpStatusCode.BadRequest);

        Assert.Contains("rows", json.GetProperty("errors")[0].GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_ListEveryKnobAsWrittenInJson()
    {
        var everything = new Knobs
        {
            SecondsUntilDone = 1, RateLimitEvery = new Dictionary<string, int>(), ErrorBursts = new Dictionary<string, ErrorBurst>(),
            ResetAfterBytes = 1, StallAfterBytes = 1, UrlTtlSeconds = 1, DownloadBytesPerSecond = 1, Format = "csv", Compression = "gzip", BodyFault = "html", StaticFilesUrl = "http://127.0.0.1:1/",
        };

        var names = System.Text.Json.JsonDocument.Parse(KnobJson.Serialize(everything)).RootElement.EnumerateObject().Select(p => p.Name);

        Assert.Equal(Knobs.Names.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_ArePinned()
    {
        var k = new Knobs();

        Assert.Equal((1000L, 2, 2, 1, 1, true, 1), (k.Rows, k.Files, k.PollsUntilDone, k.RetryAfterSeconds, k.DownloadFaultAttempts, k.RangeSupport, k.PollIntervalSeconds));
        Assert.Equal((0, 0.0, false, false, 0, false, 0, false), (k.FailFirstAttempts, k.FailureRate, k.UnknownStatus, k.NeverFinish, k.MaxConcurrentJobs, k.HoldSlotUntilDeleted, k.TruncateBytes, k.ExpireUrlsAfterUse));
        Assert.Null(k.SecondsUntilDone ?? k.UrlTtlSeconds);
        Assert.Null(k.ResetAfterBytes ?? k.DownloadBytesPerSecond);
        Assert.Null(k.Format ?? k.Compression);
    }

    [Fact]
    public void Apply_InvalidValues_ReportsEveryProblem()
    {
        var error = Assert.Throws<KnobException>(() => KnobJson.Apply(new Knobs(), KnobJson.ParseOverrides(
            """{"rows":200000000,"format":"parquet","rateLimitEvery":{"teleport":2}}""")));

        Assert.Contains("rows must be within", error.Message, StringComparison.Ordinal);
        Assert.Contains("format must be one of", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown operation 'teleport'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_FamilyKnobs_LayerOnTopOfGlobalKnobs()
    {
        var options = SimulatorScenario.Parse("""
            {
              // comments are allowed
              "seed": 7, "bearerToken": "t", "apiKey": "k",
              "knobs": { "rows": 100, "pollsUntilDone": 5 },
              "families": { "reports": { "rows": 20, "errorBursts": { "poll": { "every": 4, "length": 2 } } } }
            }
            """);

        Assert.Equal((7UL, "t", "k"), (options.Seed, options.BearerToken, options.ApiKey));
        Assert.Equal(100, options.Knobs.Rows);
        var reports = options.FamilyKnobs[SimFamily.Reports];
        Assert.Equal((20L, 5), (reports.Rows, reports.PollsUntilDone));
        Assert.Equal(new ErrorBurst { Every = 4, Length = 2, Status = 503 }, reports.ErrorBursts![SimOperation.Poll]);
    }

    [Fact]
    public void Scenario_ExampleFile_LoadsAsDocumented()
    {
        var options = SimulatorScenario.Load(Path.Combine(AppContext.BaseDirectory, "simulator-scenario.json"));

        Assert.Equal((8765, 100_000L, 3), (options.Port, options.Knobs.Rows, options.Knobs.PollsUntilDone));
        Assert.Equal(4, options.FamilyKnobs[SimFamily.Reports].Files);
        Assert.Equal(2, options.FamilyKnobs[SimFamily.Contacts].MaxConcurrentJobs);
    }

    [Fact]
    public void Scenario_Problems_AreReportedTogether()
    {
        var error = Assert.Throws<KnobException>(() => SimulatorScenario.Parse("""{"colour":1,"families":{"nope":{}},"knobs":{"files":0}}"""));

        Assert.Contains("unknown scenario property 'colour'", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown family 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("files must be within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FamilyKnobs_FromScenario_ApplyToThatFamilyOnly()
    {
        var options = SimulatorScenario.Parse("""{"knobs":{"rows":5},"families":{"lists":{"rows":3}}}""");
        await using var sim = await SimulatorHost.StartAsync(options);
        using var client = new SimClient(sim);

        var items = await client.JsonAsync(client.Bearer(HttpMethod.Get, "api/items/offset"));
        var id = await client.CreateContactsAsync();

        Assert.Equal(3, items.GetProperty("total").GetInt64());
        Assert.Equal(5, sim.ExpectedForJob(id).Records);
    }

    [Fact]
    public async Task Seed_SameSeed_SameBytes_DifferentSeed_DifferentBytes()
    {
        async Task<byte[]> DownloadAsync(ulong seed)
        {
            await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Seed = seed, Knobs = new() { Rows = 50, Files = 1, PollsUntilDone = 0 } });
            using var client = new SimClient(sim);
            return await client.BytesAsync((await client.PollContactsUntilReadyAsync(await client.CreateContactsAsync()))[0]);
        }

        var first = await DownloadAsync(1);
        Assert.Equal(first, await DownloadAsync(1));
        Assert.NotEqual(first, await DownloadAsync(2));
    }
}
