using System.Diagnostics;
using System.IO.Compression;
using System.Net;

namespace Siphon.Simulator.Tests;

public sealed class DownloadTests
{
    private static async Task<(SimulatorHost Sim, SimClient Client, string Id, string Url)> ReadyAsync(Knobs knobs, TimeProvider? time = null)
    {
        var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = knobs with { PollsUntilDone = 0, Files = 1 }, TimeProvider = time ?? TimeProvider.System });
        var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();
        var url = (await client.PollContactsUntilReadyAsync(id))[0];
        return (sim, client, id, url);
    }

    [Fact]
    public async Task ResetAfterBytes_ThenRangeResume_GivesIdenticalBytes()
    {
        var (sim, client, id, url) = await ReadyAsync(new Knobs { Rows = 3000, Compression = "none", ResetAfterBytes = 50_000 });
        await using var _ = sim;
        using var __ = client;

        var (partial, broken, first) = await Downloads.ReadAsync(client.Http, url);
        Assert.True(broken, "the first download should be cut");
        Assert.Equal(50_000, partial.Length);
        Assert.Equal("bytes", first.Headers.AcceptRanges.Single());

        var (rest, restBroken, resumed) = await Downloads.ReadAsync(client.Http, url, rangeFrom: partial.Length);
        var whole = await client.BytesAsync(url);

        Assert.False(restBroken);
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        Assert.Equal(partial.Length, resumed.Content.Headers.ContentRange!.From);
        Assert.Equal(whole.Length, resumed.Content.Headers.ContentRange.Length);
        Assert.Equal(whole, partial.Concat(rest).ToArray());
        var received = Records.Checksum(Records.Decode(whole, "csv", "none"));
        Assert.Equal(sim.ExpectedForJob(id), new ExpectedRecords(received.Count, received.Checksum));
        Assert.Equal(1, sim.Stats.ConnectionResets);
    }

    [Fact]
    public async Task Range_OnGzip_ResumesByteForByte()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 2000 });
        await using var _s = sim;
        using var _c = client;
        var whole = await client.BytesAsync(url);

        var (tail, _, response) = await Downloads.ReadAsync(client.Http, url, rangeFrom: 1000);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(whole.Length - 1000, response.Content.Headers.ContentLength);
        Assert.Equal(whole[1000..], tail);
    }

    [Fact]
    public async Task Range_BeyondTheEnd_Returns416()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 10 });
        await using var _s = sim;
        using var _c = client;

        var (_, _, response) = await Downloads.ReadAsync(client.Http, url, rangeFrom: 10_000_000);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.StartsWith("bytes */", response.Content.Headers.ContentRange!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangeSupportOff_IgnoresRange_AndAdvertisesNothing()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 100, RangeSupport = false });
        await using var _s = sim;
        using var _c = client;

        var (bytes, _, response) = await Downloads.ReadAsync(client.Http, url, rangeFrom: 10);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.AcceptRanges);
        Assert.Equal(await client.BytesAsync(url), bytes);
    }

    [Fact]
    public async Task ExpireUrlsAfterUse_SecondUseIs403_FreshPollGivesWorkingUrl()
    {
        var (sim, client, id, url) = await ReadyAsync(new Knobs { Rows = 10, ExpireUrlsAfterUse = true });
        await using var _s = sim;
        using var _c = client;

        await client.BytesAsync(url);
        using var again = await client.Http.GetAsync(url);
        var fresh = (await client.PollContactsUntilReadyAsync(id))[0];

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("Request has expired", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(url, fresh);
        Assert.NotEmpty(await client.BytesAsync(fresh));
    }

    [Fact]
    public async Task UrlTtl_AfterItPasses_Is403()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 10, UrlTtlSeconds = 60 }, clock);
        await using var _s = sim;
        using var _c = client;

        await client.BytesAsync(url);
        clock.Advance(TimeSpan.FromSeconds(61));
        using var expired = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task Signature_Tampered_Is403()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 10 });
        await using var _s = sim;
        using var _c = client;

        using var response = await client.Http.GetAsync(url.Replace("nonce=1", "nonce=9", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncateBytes_GzipEndsEarly_OnlyARecordCountCheckCatchesIt_RetryIsWhole()
    {
        var (sim, client, id, url) = await ReadyAsync(new Knobs { Rows = 500, TruncateBytes = 100 });
        await using var _s = sim;
        using var _c = client;

        var truncated = await client.BytesAsync(url);
        var whole = await client.BytesAsync(url);

        Assert.Equal(whole.Length - 100, truncated.Length);
        Assert.Equal(whole[..truncated.Length], truncated);
        // .NET's GZipStream does not throw on a stream that stops before its end-of-stream block and trailer: it just
        // yields less. A client must check it reached the gzip trailer, or compare with /__expected, to notice.
        var partialText = SimClient.Utf8(Records.Decompress(truncated, "gzip"));
        var wholeText = SimClient.Utf8(Records.Decompress(whole, "gzip"));
        Assert.True(partialText.Length < wholeText.Length);
        Assert.StartsWith(partialText, wholeText, StringComparison.Ordinal);
        var received = Records.Checksum(Records.Decode(whole, "csv", "gzip"));
        Assert.Equal(sim.ExpectedForJob(id), new ExpectedRecords(received.Count, received.Checksum));
    }

    [Fact]
    public async Task DownloadFaultAttempts_FaultsRepeatForThatManyAttempts()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 2000, Compression = "none", ResetAfterBytes = 1000, DownloadFaultAttempts = 2 });
        await using var _s = sim;
        using var _c = client;

        var outcomes = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            // On Linux a reset can discard bytes not yet read, headers included: the client then fails to send, broken all the same.
            try { outcomes.Add((await Downloads.ReadAsync(client.Http, url)).Broken); }
            catch (HttpRequestException e) when (e.InnerException is IOException) { outcomes.Add(true); }
        }

        Assert.Equal([true, true, false], outcomes);
    }

    [Fact]
    public async Task DownloadBytesPerSecond_ThrottlesTheTransfer()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 400, Compression = "none", DownloadBytesPerSecond = 100_000 });
        await using var _s = sim;
        using var _c = client;

        var watch = Stopwatch.StartNew();
        var bytes = await client.BytesAsync(url);
        watch.Stop();

        // ~45 KB at 100 KB/s: at least ~0.45 s; allow generous slack for a busy machine on the upper side only.
        var floor = TimeSpan.FromSeconds(bytes.Length / 100_000.0 * 0.9);
        Assert.True(watch.Elapsed >= floor, $"{bytes.Length} bytes took {watch.Elapsed}, expected at least {floor}");
        Assert.True(bytes.Length > 30_000);
    }

    [Fact]
    public async Task Zip_EntryIsNamedAndDeterministic()
    {
        var (sim, client, _, url) = await ReadyAsync(new Knobs { Rows = 20, Compression = "zip", Format = "jsonl" });
        await using var _s = sim;
        using var _c = client;

        var first = await client.BytesAsync(url);
        using var zip = new ZipArchive(new MemoryStream(first));

        Assert.Equal("contacts-1.jsonl", zip.Entries.Single().FullName);
        Assert.Equal(first, await client.BytesAsync(url));
        Assert.Equal(20, Records.Decode(first, "jsonl", "zip").Count);
    }

    [Fact]
    public async Task Download_OfRunningOrDeletedJob_Is404()
    {
        var (sim, client, id, url) = await ReadyAsync(new Knobs { Rows = 10 });
        await using var _s = sim;
        using var _c = client;

        await client.JsonAsync(client.Bearer(HttpMethod.Delete, $"v3/marketing/contacts/exports/{id}"), HttpStatusCode.NoContent);
        using var response = await client.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
