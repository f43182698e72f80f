using System.Net;

namespace Siphon.Simulator.Tests;

public sealed class BulkQueryTests
{
    private const string Jobs = "data/v1/objects/company/query-jobs";

    [Fact]
    public async Task Query_CreatePollPage_ReturnsEveryRecordOnce()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 205, PollsUntilDone = 3 } });
        using var client = new SimClient(sim);
        var body = new { query = new { select = new[] { "id", "name" }, filter = new { updated_at = new { gte = "2024-01-01" } } } };
        var id = (await client.JsonAsync(client.ApiKey(HttpMethod.Post, Jobs, body))).GetProperty("job_id").GetString()!;

        var statuses = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}"))).GetProperty("status").GetString()!);
        }

        var records = new List<KeyValuePair<string, string?>[]>();
        for (var page = 1; ; page++)
        {
            var json = await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}/results?page={page}&page_size=50"));
            var data = json.GetProperty("data").EnumerateArray().ToList();
            records.AddRange(Records.FromJson(data));
            if (data.Count < 50) break;
        }

        Assert.Equal(["CREATED", "PENDING", "RUNNING", "FINISHED"], statuses);
        var received = Records.Checksum(records);
        Assert.Equal(await client.ExpectedAsync("family=bulkQuery&object=company&sim.rows=205"), new ExpectedRecords(received.Count, received.Checksum));
        Assert.Equal(sim.ExpectedForJob(id), new ExpectedRecords(received.Count, received.Checksum));
        Assert.Equal(5, sim.Stats.ResultPages);
    }

    [Fact]
    public async Task Results_BeforeFinished_Returns409_AndTooLargePage400()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 1 } });
        using var client = new SimClient(sim);
        var id = (await client.JsonAsync(client.ApiKey(HttpMethod.Post, Jobs, new { }))).GetProperty("job_id").GetString()!;

        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}/results?page=1"), HttpStatusCode.Conflict);
        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}"));
        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}"));
        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}/results?page=1&page_size=5000"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CancelThenDelete_ReportsCanceledThenGone()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);
        var id = (await client.JsonAsync(client.ApiKey(HttpMethod.Post, Jobs, new { }))).GetProperty("job_id").GetString()!;

        var cancel = await client.JsonAsync(client.ApiKey(HttpMethod.Post, $"{Jobs}/{id}/cancel"));
        await client.JsonAsync(client.ApiKey(HttpMethod.Delete, $"{Jobs}/{id}"), HttpStatusCode.NoContent);

        Assert.Equal("CANCELED", cancel.GetProperty("status").GetString());
        await client.JsonAsync(client.ApiKey(HttpMethod.Get, $"{Jobs}/{id}"), HttpStatusCode.NotFound);
    }
}
