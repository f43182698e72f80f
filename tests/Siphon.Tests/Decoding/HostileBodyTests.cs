using System.Text;
using Siphon.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

/// <summary>
/// Bodies that crashed a decoder with an untyped exception or could overflow the stack (found by
/// <see cref="Fuzzing.DecoderFuzzTests"/>): each now ends in a <see cref="DecodeException"/> naming the step.
/// </summary>
[Collection(ZipSpoolCollection.Name)]
public sealed class HostileBodyTests
{
    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : p is byte b ? [b] : (byte[])p)];

    [Theory]
    [InlineData("type: JsonDecoder", null)]
    [InlineData("type: JsonDecoder", "data")]
    [InlineData("type: JsonItemsDecoder\nitems_path: data", null)]
    [InlineData("type: JsonlDecoder", null)]
    public async Task Decode_InvalidUtf8InAString_IsADecodeError(string yaml, string? path)
    {
        var context = new DecodeContext("download") { RecordPath = path is null ? null : [path] };
        foreach (var body in new[] { Bytes("{\"data\": [{\"name\": \"a", (byte)0xC0, "\"}]}"), Bytes("{\"data\": [{\"na", (byte)0xE9, "me\": 1}]}"), Bytes("{\"da", (byte)0xF4, "ta\": 1}") })
        {
            var error = await FailsAsync(Build(yaml), body, context);

            Assert.StartsWith("download: ", error.Message);
            Assert.Contains("invalid UTF-8", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Decode_InvalidByteInTheXmlDeclaration_IsADecodeError()
    {
        var error = await Assert.ThrowsAsync<DecodeException>(() => DecodeAsync(Build("type: XmlDecoder"), Bytes("<?xml version=\"1.0", (byte)0xEE, "\"?><root><a>1</a></root>")));

        Assert.StartsWith("download: malformed XML", error.Message);
    }

    [Fact]
    public async Task Decode_XmlNestedDeeperThanTheLimit_IsADecodeErrorNotAStackOverflow()
    {
        var body = Utf8(string.Concat(Enumerable.Repeat("<a>", 100_000)) + "1" + string.Concat(Enumerable.Repeat("</a>", 100_000)));
        DecodeException? error = null;
        // A 1 MB stack, as a thread-pool thread has: without the limit, 100,000 recursive element reads overflow it.
        var thread = new Thread(() => error = Assert.ThrowsAsync<DecodeException>(() => DecodeAsync(Build("type: XmlDecoder"), body)).GetAwaiter().GetResult(), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(error);
        Assert.Equal("download: XML nests deeper than 500 elements", error.Message);
    }

    [Fact]
    public async Task Decode_ZipWhoseDirectoryCountIsWrong_IsADecodeError()
    {
        var zip = Zip(("a.csv", Utf8("id\n1\n")), ("b.csv", Utf8("id\n2\n")));
        var end = zip.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        zip[end + 10] = 3; // total entries in the end-of-central-directory record: 3, though the directory lists 2

        var error = await Assert.ThrowsAsync<DecodeException>(() => DecodeAsync(Build("type: ZipfileDecoder\ndecoder: { type: CsvDecoder }"), zip));

        Assert.StartsWith("download: expected a zip archive but its central directory is missing or damaged", error.Message);
    }
}
