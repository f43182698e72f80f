using System.Net;
using System.Text.Json;
using System.Xml;

namespace Siphon.Simulator.Tests;

/// <summary>The <c>bodyFault</c> knob: a 200 whose body is an HTML error page or a malformed file, for the faulty attempts only.</summary>
public sealed class BodyFaultTests
{
    private static async Task<(SimulatorHost Sim, SimClient Client, string Url)> ReadyAsync(Knobs knobs)
    {
        var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = knobs with { PollsUntilDone = 0, Files = 1, Rows = 50 } });
        var client = new SimClient(sim);
        var id = await client.CreateContactsAsync();
        return (sim, client, (await client.PollContactsUntilReadyAsync(id))[0]);
    }

    [Fact]
    public async Task Html_FirstAttemptIsAnErrorPageWith200_TheNextIsTheFile()
    {
        var (sim, client, url) = await ReadyAsync(new Knobs { BodyFault = "html", Compression = "none" });
        await using var _s = sim;
        using var _c = client;

        using var first = await client.Http.GetAsync(url);
        var second = await client.BytesAsync(url);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await first.Content.ReadAsStringAsync());
        Assert.Equal(50, Records.Decode(second, "csv", "none").Count);
    }

    [Theory]
    [InlineData("csv", "none")]
    [InlineData("csv", "gzip")]
    [InlineData("json", "none")]
    [InlineData("jsonl", "none")]
    [InlineData("xml", "zip")]
    public async Task Malformed_BodyInTheFilesFormatAndCompressionFailsToParse(string format, string compression)
    {
        var (sim, client, url) = await ReadyAsync(new Knobs { BodyFault = "malformed", Format = format, Compression = compression, DownloadFaultAttempts = 2 });
        await using var _s = sim;
        using var _c = client;

        var broken = SimClient.Utf8(Records.Decompress(await client.BytesAsync(url), compression));
        var again = await client.BytesAsync(url);
        var whole = await client.BytesAsync(url);

        Assert.Equal(broken, SimClient.Utf8(Records.Decompress(again, compression)));
        Assert.Equal(50, Records.Decode(whole, format, compression).Count);
        switch (format)
        {
            case "csv":
                Assert.Contains("\"an unclosed quote,", broken);
                break;
            case "xml":
                Assert.ThrowsAny<XmlException>(() => new XmlDocument().LoadXml(broken));
                break;
            default:
                Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(broken.Split('\n')[format == "json" ? 1 : 0]));
                break;
        }
    }

    [Fact]
    public void Unknown_BodyFaultIsRejectedNamingTheKinds()
    {
        var error = Assert.Throws<KnobException>(() => KnobJson.Apply(new Knobs(), KnobJson.ParseOverrides("""{"bodyFault":"gibberish"}""")));

        Assert.Contains("bodyFault must be one of html, malformed", error.Message);
    }
}
