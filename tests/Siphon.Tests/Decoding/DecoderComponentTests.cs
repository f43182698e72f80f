using Siphon.Components;
using Siphon.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

public sealed class DecoderComponentTests
{
    public static TheoryData<string> DecoderTypes()
    {
        var data = new TheoryData<string>();
        foreach (var spec in ComponentRegistry.Default.OfKind(ComponentKind.Decoder).Where(s => s.Factory is not null)) data.Add(spec.Type);
        return data;
    }

    [Fact]
    public void Registry_ListsEveryDecoderSiphonRuns()
    {
        Assert.Equal(
            ["CsvDecoder", "GzipDecoder", "IterableDecoder", "JsonDecoder", "JsonItemsDecoder", "JsonlDecoder", "XmlDecoder", "ZipfileDecoder"],
            ComponentRegistry.Default.OfKind(ComponentKind.Decoder).Where(s => s.Factory is not null).Select(s => s.Type));
    }

    [Theory]
    [MemberData(nameof(DecoderTypes))]
    public void Build_SpecExample_BuildsARecordDecoder(string type)
    {
        Assert.True(ComponentRegistry.Default.TryGet(type, out var spec));

        Assert.IsAssignableFrom<IRecordDecoder>(Build(spec.Example!));
    }

    [Fact]
    public void Spec_Defaults_AreWrittenOnce()
    {
        Assert.True(ComponentRegistry.Default.TryGet("CsvDecoder", out var csv));
        Assert.Equal(",", csv.FindField("delimiter")!.Default);
        Assert.Equal("utf-8", csv.FindField("encoding")!.Default);
        Assert.True(ComponentRegistry.Default.TryGet("GzipDecoder", out var gzip));
        Assert.Equal("JsonDecoder", gzip.FindField("decoder")!.ImpliedType);
        Assert.True(gzip.FindField("decoder")!.Required);
        Assert.True(ComponentRegistry.Default.TryGet("ZipfileDecoder", out var zip));
        Assert.Equal("JsonDecoder", zip.FindField("decoder")!.ImpliedType);
    }

    [Fact]
    public async Task Build_InnerDecoderWithoutType_IsAJsonDecoder()
    {
        var decoder = Build("type: GzipDecoder\ndecoder: {}");

        Assert.Equal("""[{"a":1}]""", Json(await DecodeAsync(decoder, Gzip(Utf8("""[{"a": 1}]""")))));
    }

    [Fact]
    public async Task Build_RealManifestShapes_Decode()
    {
        // app-store-connect: GzipDecoder(GzipDecoder(CsvDecoder)) with a TAB written as a plain scalar.
        var tsv = Build("type: GzipDecoder\ndecoder:\n  type: GzipDecoder\n  decoder:\n    type: CsvDecoder\n    encoding: utf-8\n    delimiter: \\t");
        Assert.Equal("""[{"Date":"2024-01-01","Units":"3"}]""", Json(await DecodeAsync(tsv, Gzip(Utf8("Date\tUnits\n2024-01-01\t3\n")))));

        // bing-ads: ZipfileDecoder(CsvDecoder) with utf-8-sig and set_values_to_none.
        var zip = Build("type: ZipfileDecoder\ndecoder:\n  type: CsvDecoder\n  encoding: utf-8-sig\n  set_values_to_none: [\"\", \"--\"]");
        Assert.Equal("""[{"Spend":null,"Clicks":"4"}]""", Json(await DecodeAsync(zip, Zip(("r.csv", Utf8("\uFEFFSpend,Clicks\n--,4\n"))))));

        // amazon-ads: GzipDecoder(JsonDecoder) with `encoding: utf`.
        var json = Build("type: GzipDecoder\ndecoder:\n  type: JsonDecoder\n  encoding: utf");
        Assert.Equal("""[{"id":1}]""", Json(await DecodeAsync(json, Gzip(Utf8("""[{"id": 1}]""")))));
    }

    [Fact]
    public void Validate_MisspelledDecoderField_IsReportedWithASuggestion()
    {
        var validation = Validate("type: CsvDecoder\ndelimeter: ';'");

        var problem = Assert.Single(validation.Problems);
        Assert.Equal("unknown field 'delimeter' for CsvDecoder (did you mean 'delimiter'?); it is ignored", problem.Message);
        Assert.Equal("decoder", problem.Path);
    }

    [Fact]
    public void Validate_GzipWithoutInnerDecoder_IsAnError()
    {
        var validation = Validate("type: GzipDecoder");

        Assert.Contains(validation.Errors, e => e.Message == "missing required field 'decoder'");
    }

    [Fact]
    public void Validate_ExtractorInDecoderPosition_IsMisplaced()
    {
        var validation = Validate("type: InlineSchemaLoader");

        Assert.Contains(validation.Errors, e => e.Message.StartsWith("'InlineSchemaLoader' is a schema loader and cannot be used here, where a decoder is expected", StringComparison.Ordinal));
    }
}
