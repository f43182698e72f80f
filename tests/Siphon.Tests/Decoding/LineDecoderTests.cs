using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

public sealed class JsonlDecoderTests
{
    [Fact]
    public async Task Decode_Lines_YieldOneValueEach()
    {
        var json = await DecodeAllWaysAsync("type: JsonlDecoder", Utf8("{\"id\": 1}\r\n\n{\"id\": 2, \"s\": \"\u00e9\"}\n{\"id\": 3}"));

        Assert.Equal("""[{"id":1},{"id":2,"s":"é"},{"id":3}]""", json);
    }

    [Fact]
    public async Task Decode_LinesWithChangingKeys_KeepEachLinesOwnKeys()
    {
        // Lines reuse the previous line's key strings when the bytes match: reordered, escaped, extra and missing keys
        // must still come out exactly as written.
        var body = Utf8("{\"a\": 1, \"b\": 2}\n{\"b\": 3, \"a\": 4}\n{\"a\": 5, \"b\u00e9\": 6, \"c\": 7}\n{\"a\": 8}\n{\"a\": 9, \"b\": 10}\n[1]\n");

        var json = await DecodeAllWaysAsync("type: JsonlDecoder", body);

        Assert.Equal("""[{"a":1,"b":2},{"b":3,"a":4},{"a":5,"bé":6,"c":7},{"a":8},{"a":9,"b":10},[1]]""", json);
    }

    [Fact]
    public async Task Decode_BadLine_FailsNamingTheLine()
    {
        var error = await FailsAsync(Build("type: JsonlDecoder"), Utf8("{\"id\": 1}\n{\"id\": 2\n{\"id\": 3}\n"));

        Assert.Equal("download: line 2 is not valid JSON at column 9: '2' is an invalid end of a number. Expected a delimiter.", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal(18, error.Offset);
    }

    [Fact]
    public async Task Decode_TruncatedLastLine_Fails()
    {
        var error = await FailsAsync(Build("type: JsonlDecoder"), Utf8("{\"id\": 1}\n{\"id\": 2, \"na"));

        Assert.StartsWith("download: line 2 is not valid JSON", error.Message);
    }
}

public sealed class IterableDecoderTests
{
    [Fact]
    public async Task Decode_Lines_YieldRecordObjects()
    {
        var json = await DecodeAllWaysAsync("type: IterableDecoder", Utf8("first line\r\nsecond, with comma\n\nlast"));

        Assert.Equal("""[{"record":"first line"},{"record":"second, with comma"},{"record":""},{"record":"last"}]""", json);
    }

    [Fact]
    public async Task Decode_InvalidUtf8_FailsNamingTheLine()
    {
        var error = await FailsAsync(Build("type: IterableDecoder"), [(byte)'o', (byte)'k', (byte)'\n', 0xff, 0xfe]);

        Assert.Equal("download: line 2 is not valid UTF-8", error.Message);
    }
}
