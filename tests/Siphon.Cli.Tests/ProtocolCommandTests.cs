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
    public async Task Spec_WithoutManifest_AsksForTheManifestInTheConfigAndNamesTheVersion()
    {
        var result = await SiphonProcess.RunAsync("spec");
        var version = (await SiphonProcess.RunAsync("--version")).StandardOutput.Trim();

        Assert.Equal(0, result.ExitCode);
        var spec = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "SPEC");
        var schema = spec["spec"]!["connectionSpecification"]!;
        Assert.Equal("__injected_declarative_manifest", (string?)schema["required"]![0]);
        Assert.StartsWith($"Siphon {version}:", (string?)schema["description"]);
    }

    [Fact]
    public async Task Discover_ManifestInjectedInTheConfig_ListsItsStreams()
    {
        using var dir = new TempFolder("siphon-injected-");
        var manifest = Siphon.Manifest.ManifestDocument.Parse(Example, await File.ReadAllTextAsync(Path.Combine(SiphonProcess.RepositoryRoot, Example))).Raw!.ToValue();
        var config = new Dictionary<string, object?> { ["api_key"] = "k", ["base_url"] = "http://127.0.0.1:9", ["__injected_declarative_manifest"] = manifest };

        var result = await SiphonProcess.RunAsync("discover", "--config", dir.Write("config.json", Siphon.Values.JsonValues.ToJson(config)));

        Assert.Equal(0, result.ExitCode);
        var catalog = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "CATALOG");
        Assert.Equal("contacts", (string?)catalog["catalog"]!["streams"]![0]!["name"]);
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

    [Fact]
    public async Task Spec_SpecValidButAStreamBroken_PrintsTheSpecAndLogsTheErrors()
    {
        using var folder = new TempFolder("siphon-spec-");
        var path = folder.Write("manifest.yaml", """
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [a] }
            spec:
              type: Spec
              connection_specification: { type: object, required: [api_key], properties: { api_key: { type: string, airbyte_secret: true } } }
            streams:
              - type: DeclarativeStream
                name: a
                retriever: { type: SimpleRetreiver }
            """);

        var result = await SiphonProcess.RunAsync("spec", "--manifest", path);

        Assert.Equal(0, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        var spec = Assert.Single(messages, m => (string?)m["type"] == "SPEC");
        Assert.Equal("api_key", (string?)spec["spec"]!["connectionSpecification"]!["required"]![0]);
        var log = Assert.Single(messages, m => (string?)m["type"] == "LOG");
        Assert.Equal("ERROR", (string?)log["log"]!["level"]);
        Assert.Contains(":10:24: streams[0].retriever: unknown component type 'SimpleRetreiver'", (string?)log["log"]!["message"]);
        Assert.DoesNotContain(messages, m => (string?)m["type"] == "TRACE");
    }

    [Theory]
    [InlineData("""{"type":"RECORD","record":{"stream":"a"}}""")]
    [InlineData("""{"type":"TRACE","trace":{"type":"ERROR","emitted_at":"soon","error":{"message":"x"}}}""")]
    [InlineData("""{"type":"NOPE"}""")]
    public void ProtocolSchema_InvalidMessage_IsRejected(string line) =>
        Assert.ThrowsAny<Exception>(() => ProtocolSchema.ValidMessages(line));
}
