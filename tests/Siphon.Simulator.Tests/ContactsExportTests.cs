using System.Net;

namespace Siphon.Simulator.Tests;

public sealed class ContactsExportTests
{
    [Fact]
    public async Task Export_PollUntilReady_FilesHoldExactlyTheExpectedRecords()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 250, Files = 3 } });
        using var client = new SimClient(sim);

        var id = await client.CreateContactsAsync();
        Assert.Equal("pending", (await client.PollContactsAsync(id)).GetProperty("status").GetString());
        Assert.Equal("pending", (await client.PollContactsAsync(id)).GetProperty("status").GetString());
        var urls = await client.PollContactsUntilReadyAsync(id);

        Assert.Equal(3, urls.Length);
        var records = new List<KeyValuePair<string, string?>[]>();
        foreach (var url in urls)
        {
            records.AddRange(Records.Decode(await client.BytesAsync(url), "csv", "gzip"));
        }

        var received = Records.Checksum(records);
        var expected = await client.ExpectedAsync("job=" + id);
        Assert.Equal(250, expected.Records);
        Assert.Equal(expected, new ExpectedRecords(received.Count, received.Checksum));
        Assert.Equal(expected, sim.ExpectedForJob(id));
        Assert.Equal(expected, await client.ExpectedAsync("family=contacts&sim.rows=250"));
    }

    [Fact]
    public async Task Download_CsvFile_HasUpperCaseHeaderAndQuotedCommas()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 200, Files = 1 } });
        using var client = new SimClient(sim);
        var urls = await client.PollContactsUntilReadyAsync(await client.CreateContactsAsync());

        var text = SimClient.Utf8(Records.Decompress(await client.BytesAsync(urls[0]), "gzip"));

        Assert.StartsWith("CONTACT_ID,EMAIL,FIRST_NAME,LAST_NAME,CITY,CREATED_AT,UPDATED_AT\n", text, StringComparison.Ordinal);
        Assert.Contains(",\"Washington, D.C.\",", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongToken_Returns401()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { BearerToken = "right" });
        using var client = new SimClient(sim);
        var request = new HttpRequestMessage(HttpMethod.Post, "v3/marketing/contacts/exports");
        request.Headers.Authorization = new("Bearer", "wrong");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, sim.Stats.Unauthorized);
        Assert.Equal(0, sim.Stats.JobsCreated);
    }

    [Fact]
    public async Task AbortAndDelete_AreRecordedInStatsAndHistory()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);
        var aborted = await client.CreateContactsAsync();
        var deleted = await client.CreateContactsAsync();

        var cancel = await client.JsonAsync(client.Bearer(HttpMethod.Post, $"v3/marketing/contacts/exports/{aborted}/cancel"));
        await client.PollContactsUntilReadyAsync(deleted);
        await client.JsonAsync(client.Bearer(HttpMethod.Delete, $"v3/marketing/contacts/exports/{deleted}"), HttpStatusCode.NoContent);

        Assert.Equal("cancelled", cancel.GetProperty("status").GetString());
        Assert.Equal("cancelled", (await client.PollContactsAsync(aborted)).GetProperty("status").GetString());
        await client.PollContactsAsync(deleted, HttpStatusCode.NotFound);
        var stats = sim.Stats;
        Assert.Equal((2, 1, 1), (stats.JobsCreated, stats.JobsAborted, stats.JobsDeleted));
        var history = stats.Jobs.Single(j => j.Id == deleted).History.Select(h => h.Status);
        Assert.Equal(["created", "pending", "ready", "deleted"], history);
        Assert.Equal(["created", "aborted", "cancelled"], stats.Jobs.Single(j => j.Id == aborted).History.Select(h => h.Status));
    }

    [Fact]
    public async Task Stats_OverHttp_MatchesInProcessSnapshot()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();
        await client.PollContactsAsync(id);

        var json = await client.JsonAsync(new HttpRequestMessage(HttpMethod.Get, "__stats"));

        Assert.Equal(1, json.GetProperty("jobsCreated").GetInt64());
        Assert.Equal(1, json.GetProperty("polls").GetInt64());
        Assert.Equal(1, json.GetProperty("maxConcurrentRunningJobs").GetInt32());
        var job = json.GetProperty("jobs")[0];
        Assert.Equal(id, job.GetProperty("id").GetString());
        Assert.Equal("running", job.GetProperty("phase").GetString());
    }
}
