using System.Net;

namespace Siphon.Simulator.Tests;

public sealed class RequestReplyTests
{
    [Fact]
    public async Task Create_Answers202WithLocationAndRetryAfter_Then202ThenSeeOther()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 40, PollsUntilDone = 1, PollIntervalSeconds = 3 } });
        using var client = new SimClient(sim, followRedirects: false);

        using var created = await client.SendAsync(client.Bearer(HttpMethod.Post, "async/exports"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), created.Headers.RetryAfter?.Delta);
        var status = created.Headers.Location!;

        using var running = await client.SendAsync(client.Bearer(HttpMethod.Get, status.ToString()));
        Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
        Assert.NotNull(running.Headers.RetryAfter);

        using var done = await client.SendAsync(client.Bearer(HttpMethod.Get, status.ToString()));
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        var records = Records.Decode(await client.BytesAsync(done.Headers.Location!.ToString()), "json", "none");
        var received = Records.Checksum(records);
        Assert.Equal(await client.ExpectedAsync("family=requestReply&sim.rows=40"), new ExpectedRecords(received.Count, received.Checksum));
    }

    [Fact]
    public async Task Status_FollowingRedirects_LandsOnTheResultWithoutCredentials()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 10, PollsUntilDone = 0, Format = "jsonl" } });
        using var client = new SimClient(sim, followRedirects: true);
        using var created = await client.SendAsync(client.Bearer(HttpMethod.Post, "async/exports"));

        using var result = await client.SendAsync(client.Bearer(HttpMethod.Get, created.Headers.Location!.ToString()));

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal(10, Records.Decode(await result.Content.ReadAsByteArrayAsync(), "jsonl", "none").Count);
    }

    [Fact]
    public async Task Status_FailedJob_Answers200WithError()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { PollsUntilDone = 0, FailFirstAttempts = 1 } });
        using var client = new SimClient(sim, followRedirects: false);
        using var created = await client.SendAsync(client.Bearer(HttpMethod.Post, "async/exports"));

        var json = await client.JsonAsync(client.Bearer(HttpMethod.Get, created.Headers.Location!.ToString()));

        Assert.Equal("Failed", json.GetProperty("status").GetString());
        Assert.Equal("ExportFailed", json.GetProperty("error").GetProperty("code").GetString());
    }
}
