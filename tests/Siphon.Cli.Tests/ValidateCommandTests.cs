using System.Text.Json;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly TempFolder _dir = new("siphon-cli-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Validate_Example_PrintsAOneLineSummaryAndExitsZero()
    {
        var result = await SiphonProcess.RunAsync("validate", "examples/contacts-export/manifest.yaml");

        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("examples/contacts-export/manifest.yaml: valid, 1 stream: 1 asynchronous (contacts", line);
    }

    [Fact]
    public async Task Validate_BrokenManifest_PrintsEveryErrorWithPositionAndExitsOne()
    {
        var path = _dir.Write("broken.yaml", """
            version: 6.5.0
            check: { stream_names: [a] }
            streams:
              - name: a
              - name: b
                retriever: { type: SimpleRetreiver }
            """);

        var result = await SiphonProcess.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:4:5: streams[0]: missing required field 'retriever'", result.StandardError);
        Assert.Contains($"{path}:6:24: streams[1].retriever: unknown component type 'SimpleRetreiver' (did you mean 'SimpleRetriever'", result.StandardError);
        Assert.Contains("2 errors", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task Validate_BuildErrorsInTwoStreams_PrintsEveryOneWithPositionAndExitsOne()
    {
        var path = _dir.Write("unbuildable.yaml", """
            version: 6.5.0
            check: { stream_names: [a] }
            streams:
              - name: a
                retriever:
                  requester: { path: items }
                  record_selector: { extractor: { field_path: [] } }
              - name: b
                retriever:
                  type: AsyncRetriever
                  creation_requester: { url: "https://api.example.com/exports" }
                  download_requester: { url: "{{ download_target }}" }
                  record_selector: { extractor: { field_path: [] } }
                  polling: { initial_interval: soon }
            """);

        var result = await SiphonProcess.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:6:18: streams[0].retriever.requester.path: path 'items' is relative", result.StandardError);
        Assert.Contains($"{path}:14:16: streams[1].retriever.polling.initial_interval: 'soon' is not an ISO-8601 duration", result.StandardError);
        Assert.Contains("2 errors", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task ValidateSummary_FoldersOfManifests_ReportsLoadsRunnableStreamsAndGroupedReasons()
    {
        const string Stream = """
              - name: {0}
                retriever:
                  requester: {{ url: "https://api.example.com/{0}" }}
                  record_selector: {{ extractor: {{ field_path: [] }} }}{1}
            """;
        var custom = "\n      paginator: { type: DefaultPaginator, pagination_strategy: { type: CustomPaginationStrategy, class_name: a.B } }";
        var header = "version: 6.5.0\ncheck: { stream_names: [a] }\nstreams:\n";
        _dir.Write("catalogue/source-one/manifest.yaml", header + string.Format(Stream, "a", "") + "\n" + string.Format(Stream, "b", custom));
        _dir.Write("catalogue/source-two/manifest.yaml", header + string.Format(Stream, "a", "\n      partition_router: { type: UnionPartitionRouter, partition_field: p, partition_routers: [] }"));
        _dir.Write("catalogue/source-three/manifest.yaml", "version: 6.5.0\nstreams: []\n");

        var result = await SiphonProcess.RunAsync("validate", "--summary", _dir.File("catalogue"));

        Assert.Equal(1, result.ExitCode);
        Assert.True(result.StandardOutput.Contains("- Manifests: 3; **2 load**, 1 do not.", StringComparison.Ordinal), result.StandardOutput);
        Assert.True(result.StandardOutput.Contains("- Streams of the manifests that load: **1 of 3 can run**.", StringComparison.Ordinal), result.StandardOutput);
        Assert.True(result.StandardOutput.Contains("| custom Python component (class_name) | 1 | 1 |", StringComparison.Ordinal), result.StandardOutput);
        Assert.True(result.StandardOutput.Contains("| component type 'UnionPartitionRouter' is not yet supported by Siphon | 1 | 1 |", StringComparison.Ordinal), result.StandardOutput);
        Assert.True(result.StandardOutput.Contains("| missing required field 'check' | 1 (source-three) |", StringComparison.Ordinal), result.StandardOutput);
        Assert.True(result.StandardOutput.Contains("| source-one | yes | 1 / 2 | custom Python component (class_name) |", StringComparison.Ordinal), result.StandardOutput);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task Check_CheckSiphonDoesNotRunYet_FailsWithTheReasonWhileSpecAndDiscoverWork()
    {
        var manifest = _dir.Write("dynamic-check.yaml", """
            version: 6.5.0
            check: { type: CheckStream, stream_names: [items], dynamic_streams_check_configs: [ { type: DynamicStreamCheckConfig, dynamic_stream_name: tables } ] }
            spec: { connection_specification: { type: object, properties: {} } }
            streams:
              - name: items
                retriever:
                  requester: { url: "http://127.0.0.1:9/items" }
                  record_selector: { extractor: { field_path: [] } }
            """);
        var config = _dir.Write("config.json", "{}");

        var check = await SiphonProcess.RunAsync("check", "--manifest", manifest, "--config", config);
        var spec = await SiphonProcess.RunAsync("spec", "--manifest", manifest);
        var discover = await SiphonProcess.RunAsync("discover", "--manifest", manifest, "--config", config);

        Assert.Equal(0, check.ExitCode);
        var status = Assert.Single(ProtocolSchema.ValidMessages(check.StandardOutput), m => (string?)m["type"] == "CONNECTION_STATUS");
        Assert.Equal("FAILED", (string?)status["connectionStatus"]!["status"]);
        Assert.StartsWith("check cannot run in Siphon: check.dynamic_streams_check_configs: ", (string?)status["connectionStatus"]!["message"]);
        Assert.Single(ProtocolSchema.ValidMessages(spec.StandardOutput), m => (string?)m["type"] == "SPEC");
        var catalog = Assert.Single(ProtocolSchema.ValidMessages(discover.StandardOutput), m => (string?)m["type"] == "CATALOG");
        Assert.Equal("items", (string?)catalog["catalog"]!["streams"]![0]!["name"]);
    }

    [Fact]
    public async Task Validate_YamlSyntaxError_IsOneLineWithoutStackTrace()
    {
        var path = _dir.Write("syntax.yaml", "version: 1\nstreams: [\n");

        var result = await SiphonProcess.RunAsync("validate", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:3:1: invalid YAML", result.StandardError);
        Assert.DoesNotContain("Exception", result.StandardError);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsTwoWithAClearMessage()
    {
        var result = await SiphonProcess.RunAsync("validate", _dir.File("nope.yaml"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("manifest file not found", result.StandardError);
    }

    [Fact]
    public async Task Schema_PrintsAJsonSchemaOfTheRegistry()
    {
        var result = await SiphonProcess.RunAsync("schema");

        Assert.Equal(0, result.ExitCode);
        using var schema = JsonDocument.Parse(result.StandardOutput);
        Assert.True(schema.RootElement.GetProperty("$defs").TryGetProperty("DeclarativeStream", out _));
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await SiphonProcess.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.1.0", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var result = await SiphonProcess.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("validate", result.StandardOutput);
        Assert.Contains("schema", result.StandardOutput);
    }
}
