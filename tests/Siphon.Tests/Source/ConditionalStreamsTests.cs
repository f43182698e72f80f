using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Source;

/// <summary>ConditionalStreams: its streams exist, where they are written, only when the condition over the config holds.</summary>
public sealed class ConditionalStreamsTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private string Stream(string name) =>
        $$"""{ type: DeclarativeStream, name: {{name}}, retriever: { type: SimpleRetriever, requester: { type: HttpRequester, url: "{{server.BaseUrl}}/{{name}}" }, record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [data] } } } }""";

    private ConnectorDefinition Connector() => Load($$$"""
        streams:
          - {{{Stream("items")}}}
          - type: ConditionalStreams
            condition: "{{ config.get('beta', False) }}"
            streams: [ {{{Stream("beta_a")}}}, {{{Stream("beta_b")}}} ]
          - {{{Stream("last")}}}
        """);

    [Fact]
    public void ForConfig_ConditionHolds_AddsItsStreamsWhereTheyAreWritten()
    {
        var connector = Connector().ForConfig(Json("""{"beta": true}"""), new FakeTimeProvider(Now));

        Assert.Equal(["items", "beta_a", "beta_b", "last"], connector.Streams.Select(s => s.Name));
        Assert.All(connector.Streams, s => Assert.True(s.IsSupported));
    }

    [Fact]
    public void ForConfig_ConditionFails_LeavesItsStreamsOut()
    {
        Assert.Equal(["items", "last"], Connector().ForConfig(Json("{}"), new FakeTimeProvider(Now)).Streams.Select(s => s.Name));
    }

    [Fact]
    public async Task Read_ConditionHolds_ReadsTheConditionalStreams()
    {
        server.Reset(context => context.Response.WriteAsync($$"""{"data": [{"from": "{{context.Request.Path.Value}}"}]}"""));
        var connector = Connector().ForConfig(Json("""{"beta": true}"""), new FakeTimeProvider(Now));

        var output = await ReadAsync(connector, """{"beta": true}""");

        Assert.Equal(["/items", "/beta_a", "/beta_b", "/last"], output.Records().Field("from"));
    }

    [Fact]
    public void Load_CheckNamingAConditionalStream_IsNotReportedAsUnknown()
    {
        var loaded = ConnectorLoader.Parse("m.yaml", $$$"""
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [beta_a] }
            streams:
              - type: ConditionalStreams
                condition: "{{ config['beta'] }}"
                streams: [ {{{Stream("beta_a")}}} ]
            """);

        Assert.Empty(loaded.Problems);
        Assert.Empty(loaded.Definition!.Streams);
    }
}
