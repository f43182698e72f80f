using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Records;

/// <summary>RecordExpander in a DpathExtractor: each extracted record becomes the objects of its nested lists (invoices' lines).</summary>
public sealed class RecordExpanderTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private const string Invoices = """
        {"data": [
          {"id": "in_1", "lines": {"data": [{"sku": "a"}, {"sku": "b"}, "not an object"]}},
          {"id": "in_2", "lines": {"data": []}},
          {"id": "in_3"}
        ]}
        """;

    private async Task<List<string>> ReadAsync(string expander)
    {
        server.Reset(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(Invoices);
        });
        var output = await Siphon.Tests.Runs.ReadTestKit.ReadAsync(Load($$$"""
            streams:
              - type: DeclarativeStream
                name: items
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/invoices" }
                  record_selector:
                    type: RecordSelector
                    extractor:
                      type: DpathExtractor
                      field_path: [data]
                      record_expander: {{{expander}}}
            """));
        return output.Records().Select(r => JsonValues.ToJson(r)).ToList();
    }

    [Fact]
    public async Task Read_ExpanderOnNestedList_EmitsEachObjectOfTheListAndSkipsRecordsWithoutItems()
    {
        var records = await ReadAsync("{ type: RecordExpander, expand_records_from_field: [lines, data] }");

        Assert.Equal(["""{"sku":"a"}""", """{"sku":"b"}"""], records);
    }

    [Fact]
    public async Task Read_RemainOriginalRecordWithWildcard_AddsTheParentToEachItem()
    {
        var records = await ReadAsync("{ type: RecordExpander, expand_records_from_field: [lines, \"*\"], remain_original_record: true }");

        Assert.Equal(2, records.Count);
        Assert.StartsWith("""{"sku":"a","original_record":{"id":"in_1","lines":""", records[0]);
    }

    [Fact]
    public async Task Read_OnNoRecordsEmitParent_EmitsTheRecordsWithoutItemsUnchanged()
    {
        var records = await ReadAsync("{ type: RecordExpander, expand_records_from_field: [lines, data], on_no_records: emit_parent }");

        Assert.Equal(["""{"sku":"a"}""", """{"sku":"b"}""", """{"id":"in_2","lines":{"data":[]}}""", """{"id":"in_3"}"""], records);
    }
}
