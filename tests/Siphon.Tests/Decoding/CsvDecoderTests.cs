using Siphon.Decoding;
using System.Text;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

public sealed class CsvDecoderTests
{
    private const string Decoder = "type: CsvDecoder";

    [Fact]
    public async Task Decode_HeaderAndRows_YieldsStringRecordsKeyedByTheHeader()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8("id,name,amount\r\n1,Ann,2.50\r\n2,Bob,\r\n"));

        Assert.Equal("""[{"id":"1","name":"Ann","amount":"2.50"},{"id":"2","name":"Bob","amount":""}]""", json);
    }

    [Fact]
    public async Task Decode_Rows_ShareTheHeaderKeyStrings()
    {
        var records = await DecodeAsync(Build(Decoder), Utf8("id,name\n1,a\n2,b\n"));

        var keys = records.Cast<Dictionary<string, object?>>().Select(r => r.Keys.First()).ToList();
        Assert.Same(keys[0], keys[1]);
    }

    [Fact]
    public async Task Decode_QuotedFields_FollowRfc4180()
    {
        var body = Utf8("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\"\",plain,\"q\"tail\n");

        var json = await DecodeAllWaysAsync(Decoder, body);

        Assert.Equal("""[{"a":"x,y","b":"say \"hi\"","c":"two\nlines"},{"a":"","b":"plain","c":"qtail"}]""", json);
    }

    [Fact]
    public async Task Decode_TabDelimiterWrittenAsPlainScalar_MeansTab()
    {
        // In YAML, `delimiter: \t` unquoted is the two characters backslash and t; the reference unescapes it.
        var json = await DecodeAllWaysAsync("type: CsvDecoder\ndelimiter: \\t\nencoding: utf-8", Utf8("Date\tUnits\n2024-01-01\t5\n"));

        Assert.Equal("""[{"Date":"2024-01-01","Units":"5"}]""", json);
    }

    [Fact]
    public async Task Decode_Utf8SigAndUtf8_DropTheByteOrderMark()
    {
        var body = Utf8("\uFEFFAccount,Spend\n1,--\n2,\n");

        var sig = await DecodeAllWaysAsync("type: CsvDecoder\nencoding: utf-8-sig\nset_values_to_none: [\"\", \"--\"]", body);
        var plain = await DecodeAllWaysAsync("type: CsvDecoder\nencoding: utf-8", body);

        Assert.Equal("""[{"Account":"1","Spend":null},{"Account":"2","Spend":null}]""", sig);
        Assert.Equal("""[{"Account":"1","Spend":"--"},{"Account":"2","Spend":""}]""", plain);
    }

    [Fact]
    public async Task Decode_Latin1_IsTranscoded()
    {
        var json = await DecodeAllWaysAsync("type: CsvDecoder\nencoding: latin-1", Encoding.Latin1.GetBytes("name\ncaf\u00e9\n"));

        Assert.Equal("""[{"name":"café"}]""", json);
    }

    [Fact]
    public async Task Decode_BlankLinesAndShortRows_AreSkippedAndPaddedWithNull()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8("\na,b,c\n\n1,2\n\n3,4,5"));

        Assert.Equal("""[{"a":"1","b":"2","c":null},{"a":"3","b":"4","c":"5"}]""", json);
    }

    [Fact]
    public async Task Decode_EmptyBody_YieldsNothing()
    {
        Assert.Equal("[]", await DecodeAllWaysAsync(Decoder, []));
        Assert.Equal("[]", await DecodeAllWaysAsync(Decoder, Utf8("a,b\n")));
    }

    [Fact]
    public async Task Decode_UnclosedQuote_FailsNamingTheRow()
    {
        var body = Utf8("id,name\n1,a\n2,b\n3,\"unclosed\n4,d\n");

        var error = await FailsAsync(Build(Decoder), body);

        Assert.Equal("download: CSV row 3 (line 4) has an unclosed quote that runs to the end of the body", error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public async Task Decode_TruncatedInsideAQuotedField_Fails()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("id,note\n1,\"multi\nline"));

        Assert.Equal("download: CSV row 1 (line 2) has an unclosed quote that runs to the end of the body", error.Message);
    }

    [Fact]
    public async Task Decode_MoreValuesThanColumns_FailsSuggestingTheDelimiter()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("a;b\n1;2\nx,y,z\n"));

        Assert.Equal("download: CSV row 2 (line 3) has 3 values but the header has 1 columns (is the delimiter ',' right?)", error.Message);
    }

    [Fact]
    public async Task Decode_HtmlErrorPage_FailsSayingSo()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("<!DOCTYPE html>\n<html><body>Access denied</body></html>\n"));

        Assert.Equal("download: expected CSV but the body looks like HTML (\"<!DOCTYPE html>\")", error.Message);
        Assert.Equal(DecodeFailure.ErrorPage, error.Failure);
    }

    [Fact]
    public async Task Decode_GzipBodyWithPlainCsvChosen_DecompressesItAsTheReferenceDoes()
    {
        var json = Json(await DecodeAsync(Build(Decoder), Gzip(Utf8("id,name\n1,Ann\n"))));

        Assert.Equal("""[{"id":"1","name":"Ann"}]""", json);
    }

    [Fact]
    public async Task Decode_ZipBodyWithPlainCsvChosen_DecodesEachMember()
    {
        var json = Json(await DecodeAsync(Build(Decoder), Zip(("a.csv", Utf8("id\n1\n")), ("b.csv", Gzip(Utf8("id\n2\n"))))));

        Assert.Equal("""[{"id":"1"},{"id":"2"}]""", json);
    }

    [Fact]
    public async Task Decode_GzipBodyWithJsonLinesChosen_DecompressesIt()
    {
        var json = Json(await DecodeAsync(Build("type: JsonlDecoder"), Gzip(Utf8("{\"id\":1}\n{\"id\":2}\n"))));

        Assert.Equal("""[{"id":1},{"id":2}]""", json);
    }

    [Fact]
    public async Task Decode_InvalidUtf8_FailsNamingTheEncoding()
    {
        var body = Encoding.Latin1.GetBytes("name\ncaf\u00e9\n");

        var error = await FailsAsync(Build(Decoder), body);

        Assert.StartsWith("download: the body is not valid text in the declared encoding near CSV row", error.Message);
    }

    [Theory]
    [InlineData("delimiter: ab", "delimiter must be one character, got 'ab'")]
    [InlineData("encoding: klingon", "unknown encoding 'klingon'")]
    public void Build_BadOptions_AreBuildErrors(string option, string message)
    {
        Assert.Contains(message, BuildFails("type: CsvDecoder\n" + option).Message);
    }
}
