using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

public sealed class ProtocolCommandTests
{
    private const string Example = "examples/contacts-export/manifest.yaml";

    [Fact]
    public async Task Spec_Example_PrintsOneValidSpecMessage()
    {
        var result = await SiphonProcess.RunAsync("spec", "--manifest", Example);

        Assert.Equal(0, result.ExitCode);
        var spec = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "SPEC");
        Assert.Equal("object", (string?)spec["spec"]!["connectionSpecification"]!["type"]);
        Assert.True((bool)spec["spec"]!["connectionSpecification"]!["properties"]!["api_key"]!["airbyte_secret"]!);
    }

    [Fact]
    public async Task Discover_Example_PrintsAValidCatalogMessage()
    {
        var result = await SiphonProcess.RunAsync("discover", "--manifest", Example);

        Assert.Equal(0, result.ExitCode);
        Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "CATALOG");
    }

    [Fact]
    public async Task Spec_BrokenManifest_PrintsAValidConfigErrorTraceAndExitsOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"siphon-broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "version: 1\ncheck: { stream_names: [a] }\nstreams: [ { name: a } ]\n");
        try
        {
            var result = await SiphonProcess.RunAsync("spec", "--manifest", path);

            Assert.Equal(1, result.ExitCode);
            var trace = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput));
            Assert.Equal("config_error", (string?)trace["trace"]!["error"]!["failure_type"]);
            Assert.Contains(":3:12: streams[0]: missing required field 'retriever'", (string?)trace["trace"]!["error"]!["message"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"type":"RECORD","record":{"stream":"a"}}""")]
    [InlineData("""{"type":"TRACE","trace":{"type":"ERROR","emitted_at":"soon","error":{"message":"x"}}}""")]
    [InlineData("""{"type":"NOPE"}""")]
    public void ProtocolSchema_InvalidMessage_IsRejected(string line) =>
        Assert.ThrowsAny<Exception>(() => ProtocolSchema.ValidMessages(line));
}
