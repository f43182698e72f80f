using System.Net;

namespace Siphon.Simulator.Tests;

public sealed class SegmentsTests
{
    [Fact]
    public async Task Segment_DownloadTarget_IsJsonApiResourceWithUrlToGzipTsv()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 30 } });
        using var client = new SimClient(sim);

        var json = await client.JsonAsync(client.Bearer(HttpMethod.Get, "v1/analyticsReportSegments/seg-1"));

        var data = json.GetProperty("data");
        Assert.Equal("analyticsReportSegments", data.GetProperty("type").GetString());
        Assert.Equal("seg-1", data.GetProperty("id").GetString());
        var bytes = await client.BytesAsync(data.GetProperty("attributes").GetProperty("url").GetString()!);
        var text = SimClient.Utf8(Records.Decompress(bytes, "gzip"));
        Assert.StartsWith("Date\tApp Name\tApp Apple Identifier\tEvent\tTerritory\tCounts\n", text, StringComparison.Ordinal);
        var received = Records.Checksum(Records.Decode(bytes, "tsv", "gzip"));
        Assert.Equal(await client.ExpectedAsync("family=segments&segment=seg-1&sim.rows=30"), new ExpectedRecords(received.Count, received.Checksum));
        Assert.Equal(sim.ExpectedForJob("seg-1"), new ExpectedRecords(received.Count, received.Checksum));
    }

    [Fact]
    public async Task Segment_DifferentIds_HoldDifferentRows()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        var a = await client.ExpectedAsync("family=segments&segment=a");
        var b = await client.ExpectedAsync("family=segments&segment=b");

        Assert.Equal(a.Records, b.Records);
        Assert.NotEqual(a.Checksum, b.Checksum);
    }

    [Fact]
    public async Task Segment_WithoutToken_Returns401()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        using var response = await client.Http.GetAsync("v1/analyticsReportSegments/x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
