using Siphon.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

public sealed class XmlDecoderTests
{
    private const string Decoder = "type: XmlDecoder";

    private const string Report = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a report -->
        <report id="7" xmlns:x="urn:x">
          <row n="1"><name>Ann</name><amount currency="EUR">2.50</amount></row>
          <row n="2"><name>Bob</name><empty/><x:note>  padded  </x:note></row>
          <title><![CDATA[A & B]]></title>
          mixed text
        </report>
        """;

    [Fact]
    public async Task Decode_Document_MapsLikeXmltodict()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8(Report));

        Assert.Equal(
            """[{"report":{"@id":"7","@xmlns:x":"urn:x","row":[{"@n":"1","name":"Ann","amount":{"@currency":"EUR","#text":"2.50"}},{"@n":"2","name":"Bob","empty":null,"x:note":"padded"}],"title":"A & B","#text":"mixed text"}}]""",
            json);
    }

    [Fact]
    public async Task Decode_RecordPath_StreamsTheMatchingElements()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8(Report), Download with { RecordPath = ["report", "row"] });

        Assert.Equal("""[{"@n":"1","name":"Ann","amount":{"@currency":"EUR","#text":"2.50"}},{"@n":"2","name":"Bob","empty":null,"x:note":"padded"}]""", json);
    }

    [Fact]
    public async Task Decode_EmptyBody_YieldsNothing()
    {
        Assert.Equal("[]", await DecodeAllWaysAsync(Decoder, []));
    }

    [Fact]
    public async Task Decode_Truncated_FailsWithLineAndColumn()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("<report>\n  <row><name>Ann</name></row>\n  <row><na"));

        Assert.Equal("download: malformed XML at line 3, column 11: Unexpected end of file while parsing Name has occurred.", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal(DecodeFailure.Truncated, error.Failure);
    }

    [Fact]
    public async Task Decode_HtmlErrorPage_FailsSayingSo_AsATransientErrorPage()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>502</title></head><body>Bad gateway</body></html>"),
            Download with { RecordPath = ["report", "row"] });

        Assert.Equal("download: expected XML but the body looks like HTML (its root element is <html>)", error.Message);
        Assert.Equal(DecodeFailure.ErrorPage, error.Failure);
    }

    [Fact]
    public async Task Decode_MismatchedTags_Fails()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("<a>\n<b></c>\n</a>"));

        Assert.Equal("download: malformed XML at line 2, column 6: The 'b' start tag on line 2 position 2 does not match the end tag of 'c'.", error.Message);
        Assert.Equal(DecodeFailure.Malformed, error.Failure);
    }

    [Fact]
    public async Task Decode_NotXml_Fails()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("{\"json\": true}"));

        Assert.Equal("download: malformed XML at line 1, column 1: the body does not start with an XML element", error.Message);
    }
}
