using System.Net;
using System.Text.Json;

namespace Siphon.Simulator.Tests;

public sealed class ReportsTests
{
    private static object Body(string? format = null, string? compression = null) =>
        new { reportType = "campaigns", startDate = "2024-03-01", endDate = "2024-03-07", format, compression };

    [Theory]
    [InlineData("csv", "none")]
    [InlineData("csv", "gzip")]
    [InlineData("csv", "zip")]
    [InlineData("tsv", "none")]
    [InlineData("tsv", "gzip")]
    [InlineData("tsv", "zip")]
    [InlineData("json", "none")]
    [InlineData("json", "gzip")]
    [InlineData("json", "zip")]
    [InlineData("jsonl", "none")]
    [InlineData("jsonl", "gzip")]
    [InlineData("jsonl", "zip")]
    [InlineData("xml", "none")]
    [InlineData("xml", "gzip")]
    [InlineData("xml", "zip")]
    public async Task Report_EachFormatAndCompression_DecodesToTheExpectedRecords(string format, string compression)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 60, Files = 3, PollsUntilDone = 0 } });
        using var client = new SimClient(sim);
        var id = await CreateAsync(client, Body(format, compression));
        Assert.Equal("COMPLETED", await StateAsync(client, id));

        var urls = await UrlsAsync(client, id);
        var records = new List<KeyValuePair<string, string?>[]>();
        long bytes = 0;
        foreach (var url in urls)
        {
            var file = await client.BytesAsync(url);
            bytes += file.Length;
            records.AddRange(Records.Decode(file, format, compression));
        }

        var received = Records.Checksum(records);
        var expected = await client.ExpectedAsync($"family=reports&reportType=campaigns&startDate=2024-03-01&endDate=2024-03-07&sim.rows=60");
        Assert.Equal(3, urls.Length);
        Assert.Equal(expected, new ExpectedRecords(received.Count, received.Checksum));
        Assert.Equal(expected, sim.ExpectedForJob(id));
        Assert.All(records, r => Assert.InRange(r.Single(f => f.Key == "date").Value!, "2024-03-01", "2024-03-07"));
        var stats = sim.Stats;
        Assert.Equal((1, 1, 3, 3), (stats.JobsCreated, stats.DownloadTargets, stats.Downloads, stats.DownloadsCompleted));
        Assert.Equal(bytes, stats.BytesDownloaded);
    }

    [Fact]
    public async Task Poll_NestedState_WalksThroughSeveralRunningValues()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 4 } });
        using var client = new SimClient(sim);
        var id = await CreateAsync(client, Body());

        var states = new List<string>();
        for (var i = 0; i < 5; i++) states.Add(await StateAsync(client, id));

        Assert.Equal(["QUEUED", "PROCESSING", "GENERATING", "GENERATING", "COMPLETED"], states);
    }

    [Fact]
    public async Task Document_BeforeCompletion_Returns409()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);
        var id = await CreateAsync(client, Body());

        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"reporting/reports/{id}/document"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_InvalidBody_Returns400WithEveryProblem()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        var json = await client.JsonAsync(client.ApiKey(HttpMethod.Post, "reporting/reports", new { reportType = "nope", startDate = "2024-13-01" }), HttpStatusCode.BadRequest);

        var message = json.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("reportType must be one of", message, StringComparison.Ordinal);
        Assert.Contains("startDate is required", message, StringComparison.Ordinal);
        Assert.Contains("endDate is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongApiKey_Returns401()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { ApiKey = "k1", ApiKeyHeader = "Api-Key" });
        using var client = new SimClient(sim);
        var request = new HttpRequestMessage(HttpMethod.Post, "reporting/reports") { Content = System.Net.Http.Json.JsonContent.Create(Body()) };
        request.Headers.Add("Api-Key", "k2");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CancelAndDelete_AbortReportThenRemoveIt()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);
        var id = await CreateAsync(client, Body());

        var cancelled = await client.JsonAsync(client.ApiKey(HttpMethod.Post, $"reporting/reports/{id}/cancel"));
        await client.JsonAsync(client.ApiKey(HttpMethod.Delete, $"reporting/reports/{id}"), HttpStatusCode.NoContent);

        Assert.Equal("CANCELLED", cancelled.GetProperty("data").GetProperty("state").GetString());
        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"reporting/reports/{id}"), HttpStatusCode.NotFound);
        Assert.Equal((1, 1), (sim.Stats.JobsAborted, sim.Stats.JobsDeleted));
    }

    internal static async Task<string> CreateAsync(SimClient client, object body, string? knobs = null) =>
        (await client.JsonAsync(client.ApiKey(HttpMethod.Post, "reporting/reports", body, knobs))).GetProperty("reportId").GetString()!;

    internal static async Task<string> StateAsync(SimClient client, string id) =>
        (await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"reporting/reports/{id}"))).GetProperty("data").GetProperty("state").GetString()!;

    internal static async Task<string[]> UrlsAsync(SimClient client, string id)
    {
        var json = await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"reporting/reports/{id}/document"));
        return json.GetProperty("data").GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).ToArray();
    }
}
