using Microsoft.AspNetCore.Http;
using Siphon.Manifest;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using Siphon.Tests.Runs;

namespace Siphon.Tests.Compatibility;

/// <summary>A type or field Siphon does not run yet stops only what it belongs to; the rest of the connector loads and runs.</summary>
public sealed class UnsupportedPartTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private string Items(string name, string extra = "", string retrieverExtra = "", string requesterExtra = "") => $$"""
          - type: DeclarativeStream
            name: {{name}}
            primary_key: id
        {{Indent(extra, 4)}}
            retriever:
              type: SimpleRetriever
        {{Indent(retrieverExtra, 6)}}
              requester:
                type: HttpRequester
                url: "{{server.BaseUrl}}/{{name}}"
        {{Indent(requesterExtra, 8)}}
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [data] } }
        """;

    /// <summary>A stream on one line, for the streams nested in another component.</summary>
    private string Flow(string name) =>
        $$"""{ type: DeclarativeStream, name: {{name}}, retriever: { type: SimpleRetriever, requester: { type: HttpRequester, url: "{{server.BaseUrl}}/{{name}}" }, record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [data] } } } }""";

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    private static LoadedConnector Load(string streams, string top = "", string check = "check: { type: CheckStream, stream_names: [items] }") =>
        ConnectorLoader.Parse("m.yaml", $"version: 6.5.0\ntype: DeclarativeSource\n{check}\n{top}\nstreams:\n{streams}\n");

    public static TheoryData<string, string, string, string, string> PartsThatChangeRecords() => new()
    {
        // stream-level extra, retriever extra, requester extra, what the reason names, expected position "line:col" fragment
        { "", "partition_router: { type: UnionPartitionRouter, partition_field: id, partition_routers: [] }", "", "component type 'UnionPartitionRouter' is not yet supported", "retriever.partition_router" },
        { "incremental_sync: { type: DatetimeBasedCursor, cursor_field: at, datetime_format: '%Y', start_datetime: '2020', allow_catalog_defined_cursor_field: true }", "", "", "'allow_catalog_defined_cursor_field' is not yet supported", "incremental_sync.allow_catalog_defined_cursor_field" },
        { "file_uploader: { type: FileUploader, requester: {}, download_target_extractor: {} }", "", "", "'file_uploader' is not yet supported", "file_uploader" },
    };

    [Theory]
    [MemberData(nameof(PartsThatChangeRecords))]
    public void Load_PartThatWouldChangeRecords_MakesOnlyItsStreamUnsupportedWithTheReasonAtItsPosition(
        string streamExtra, string retrieverExtra, string requesterExtra, string reason, string pathEnd)
    {
        var loaded = Load(Items("items") + "\n" + Items("other", streamExtra, retrieverExtra, requesterExtra));

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.True(loaded.Definition!.FindStream("items")!.IsSupported);
        var other = loaded.Definition.FindStream("other")!;
        Assert.False(other.IsSupported);
        Assert.Contains(other.UnsupportedReasons, r => r.Contains(reason, StringComparison.Ordinal));
        var problem = Assert.Single(loaded.Problems, p => p.Severity == ManifestSeverity.Unsupported);
        Assert.StartsWith("streams[1].", problem.Path);
        Assert.EndsWith(pathEnd, problem.Path);
        Assert.True(problem.Position.Line > 8, problem.ToString());
        Assert.DoesNotContain(loaded.Problems, p => p.Message.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NotRunFieldAtItsDefault_ChangesNothingAndTheStreamRuns()
    {
        var loaded = Load(Items("items", "incremental_sync: { type: DatetimeBasedCursor, cursor_field: at, datetime_format: '%Y', start_datetime: '2020', allow_catalog_defined_cursor_field: false }"));

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.True(loaded.Definition!.FindStream("items")!.IsSupported, string.Join("; ", loaded.Definition.FindStream("items")!.UnsupportedReasons));
    }

    [Fact]
    public void Load_TypeNobodyDefines_IsStillAnUnknownTypeWithASuggestion()
    {
        var loaded = Load(Items("items", retrieverExtra: "pagination_reset: { type: PaginationRest, action: RESET }"));

        var error = Assert.Single(loaded.Errors);
        Assert.Equal(ManifestErrorKind.UnknownType, error.Kind);
        Assert.Contains("did you mean 'PaginationReset'", error.Message);
    }

    [Fact]
    public void Load_CheckWithAFieldSiphonDoesNotRunYet_StopsOnlyCheck()
    {
        var loaded = Load(Items("items"), check: "check: { type: CheckStream, stream_names: [items], dynamic_streams_check_configs: [ { type: DynamicStreamCheckConfig, dynamic_stream_name: tables, stream_count: 1 } ] }");

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.True(loaded.Definition!.FindStream("items")!.IsSupported);
        var reason = Assert.Single(loaded.Definition.CheckUnsupportedReasons);
        Assert.StartsWith("check.dynamic_streams_check_configs: ", reason);
        Assert.Contains("is not yet supported by Siphon", reason);
    }

    [Fact]
    public void Load_CustomConfigTransformation_StopsEveryStreamButTheSpecStillBuilds()
    {
        var loaded = Load(Items("items") + "\n" + Items("other"), top: """
            spec:
              type: Spec
              connection_specification: { type: object, properties: { key: { type: string } } }
              config_normalization_rules:
                transformations: [ { type: CustomConfigTransformation, class_name: source_x.components.RegionFix } ]
            """);

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.NotNull(loaded.Definition!.Spec);
        Assert.All(loaded.Definition.Streams, s => Assert.Contains(s.UnsupportedReasons, r => r.StartsWith("spec.config_normalization_rules.transformations[0]", StringComparison.Ordinal)));
        Assert.NotEmpty(loaded.Definition.CheckUnsupportedReasons);
    }
}
