using System.IO.Compression;
using Siphon.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

public sealed class GzipDecoderTests
{
    private const string GzipCsv = "type: GzipDecoder\ndecoder:\n  type: CsvDecoder";
    private static readonly byte[] Csv = Utf8("id,name\n" + string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i},name {i}\n")));

    [Fact]
    public async Task Decode_NotGzip_PassesThroughToTheInnerDecoder()
    {
        var records = await DecodeAsync(Build(GzipCsv), new ChunkedStream(Csv));

        Assert.Equal(5000, records.Count);
    }

    [Fact]
    public async Task Decode_ConcatenatedMembers_ReadAsOneBody()
    {
        var body = Gzip(Utf8("id,name\n1,a\n")).Concat(Gzip(Utf8("2,b\n"))).Concat(Gzip([])).Concat(Gzip(Utf8("3,c\n"))).ToArray();

        var json = Json(await DecodeAsync(Build(GzipCsv), new ChunkedStream(body)));

        Assert.Equal("""[{"id":"1","name":"a"},{"id":"2","name":"b"},{"id":"3","name":"c"}]""", json);
    }

    [Fact]
    public async Task Decode_NestedGzip_UnwrapsBothLayers()
    {
        var decoder = Build("type: GzipDecoder\ndecoder:\n  type: GzipDecoder\n  decoder:\n    type: CsvDecoder\n    delimiter: \\t");

        var once = await DecodeAsync(decoder, Gzip(Utf8("a\tb\n1\t2\n")));
        var twice = await DecodeAsync(decoder, new ChunkedStream(Gzip(Gzip(Utf8("a\tb\n1\t2\n")))));

        Assert.Equal("""[{"a":"1","b":"2"}]""", Json(once));
        Assert.Equal(Json(once), Json(twice));
    }

    [Fact]
    public async Task Decode_EmptyGzipMember_YieldsNothing()
    {
        Assert.Empty(await DecodeAsync(Build(GzipCsv), Gzip([])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(500)]
    public async Task Decode_Truncated_FailsNamingTheCompressedLength(int missing)
    {
        var body = Gzip(Csv);
        var cut = body[..^missing];

        var error = await FailsAsync(Build(GzipCsv), cut);

        Assert.StartsWith($"download: gzip stream truncated after {cut.Length} bytes (the body ends inside a compressed member;", error.Message);
        Assert.Equal(cut.Length, error.Offset);
        Assert.Equal(DecodeFailure.Truncated, error.Failure);
    }

    [Fact]
    public async Task Decode_TruncatedSecondMember_Fails()
    {
        var second = Gzip(Csv);
        var body = Gzip(Utf8("id,name\n")).Concat(second[..(second.Length / 2)]).ToArray();

        var error = await FailsAsync(Build(GzipCsv), body);

        Assert.StartsWith($"download: gzip stream truncated after {body.Length} bytes", error.Message);
    }

    [Fact]
    public async Task Decode_TrailingGarbage_Fails()
    {
        var body = Gzip(Utf8("id\n1\n")).Concat(Utf8("<html>oops</html>")).ToArray();

        var error = await FailsAsync(Build(GzipCsv), body);

        // Read 1-7 bytes at a time, the inflater stops a few bytes into the garbage.
        Assert.Matches(@"^download: unexpected bytes after the last gzip member \(within the first \d+ bytes of the body; 5 bytes were inflated\)$", error.Message);
    }

    [Fact]
    public async Task Decode_CorruptDeflateData_Fails()
    {
        var body = Gzip(Csv);
        for (var i = 40; i < 60; i++) body[i] ^= 0x5a;

        var error = await FailsAsync(Build(GzipCsv), body);

        Assert.StartsWith("download: corrupt gzip data within the first", error.Message);
    }

    [Fact]
    public async Task Decode_WrongChecksum_Fails()
    {
        var body = Gzip(Csv);
        body[^6] ^= 0xff;

        var error = await FailsAsync(Build(GzipCsv), body);

        Assert.StartsWith("download: corrupt gzip data within the first", error.Message);
    }

    [Fact]
    public async Task Decode_GzipOfJsonWithRecordPath_StreamsTheItems()
    {
        var decoder = Build("type: GzipDecoder\ndecoder:\n  type: JsonDecoder\n  encoding: utf");

        var records = await DecodeAsync(decoder, new ChunkedStream(Gzip(Utf8("""{"data": [{"id": 1}, {"id": 2}]}"""))),
            Download with { RecordPath = ["data"] });

        Assert.True(decoder.AppliesRecordPath);
        Assert.Equal("""[{"id":1},{"id":2}]""", Json(records));
    }
}

[Collection(ZipSpoolCollection.Name)]
public sealed class ZipfileDecoderTests
{
    private const string ZipCsv = "type: ZipfileDecoder\ndecoder:\n  type: CsvDecoder\n  encoding: utf-8-sig\n  set_values_to_none: [\"\", \"--\"]";

    [Fact]
    public async Task Decode_Members_AreDecodedInArchiveOrder()
    {
        var body = Zip(("report-1.csv", Utf8("\uFEFFid,spend\n1,--\n")), ("dir/", []), ("report-2.csv", Utf8("id,spend\n2,3.5\n")));

        var json = Json(await DecodeAsync(Build(ZipCsv), new ChunkedStream(body)));

        Assert.Equal("""[{"id":"1","spend":null},{"id":"2","spend":"3.5"}]""", json);
    }

    [Fact]
    public async Task Decode_GzippedZip_Works()
    {
        var body = Gzip(Zip(("a.jsonl", Utf8("{\"a\": 1}\n{\"a\": 2}\n"))));

        var json = Json(await DecodeAsync(Build("type: GzipDecoder\ndecoder:\n  type: ZipfileDecoder\n  decoder:\n    type: JsonlDecoder"), body));

        Assert.Equal("""[{"a":1},{"a":2}]""", json);
    }

    [Fact]
    public async Task Decode_MemberError_NamesTheMember()
    {
        var body = Zip(("good.csv", Utf8("a\n1\n")), ("bad.csv", Utf8("a\n\"open\n")));

        var error = await FailsAsync(Build(ZipCsv), body);

        Assert.Equal("download (zip member 'bad.csv'): CSV row 1 (line 2) has an unclosed quote that runs to the end of the body", error.Message);
        Assert.Equal("bad.csv", error.Member);
    }

    [Fact]
    public async Task Decode_Truncated_FailsSayingTheDirectoryIsMissing()
    {
        var body = Zip(("a.csv", Utf8("a\n" + new string('1', 5000) + "\n")));

        var error = await FailsAsync(Build(ZipCsv), body[..(body.Length / 2)]);

        Assert.Equal($"download: expected a zip archive but its central directory is missing or damaged (truncated after {body.Length / 2} bytes?)", error.Message);
        Assert.Equal(DecodeFailure.Truncated, error.Failure);
    }

    [Fact]
    public async Task Decode_NotAZip_Fails()
    {
        var error = await FailsAsync(Build(ZipCsv), Utf8("<html><body>expired link</body></html>"));

        Assert.Equal("download: expected a zip archive but the body looks like HTML (\"<html><body>expired link</body></html>\")", error.Message);
        Assert.Equal(DecodeFailure.ErrorPage, error.Failure);
    }

    [Fact]
    public async Task Decode_CorruptMemberData_Fails()
    {
        var data = Utf8("a\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{i * 7919 % 1000}\n")));
        var body = Zip(("a.csv", data));
        var start = 30 + "a.csv".Length; // after the local header
        for (var i = start + 10; i < start + 30; i++) body[i] ^= 0x5a;

        var error = await FailsAsync(Build(ZipCsv), body);

        Assert.StartsWith("download (zip member 'a.csv'): corrupt zip member data after", error.Message);
    }

    [Fact]
    public async Task Decode_SpoolFile_IsDeleted()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "siphon-*.zip").Length;

        await DecodeAsync(Build(ZipCsv), Zip(("a.csv", Utf8("a\n1\n"))));

        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "siphon-*.zip").Length);
    }
}

/// <summary>
/// Tests that decode zips share one collection: each spools into the temp directory, and
/// <see cref="ZipfileDecoderTests.Decode_SpoolFile_IsDeleted"/> counts the spool files there.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ZipSpoolCollection
{
    public const string Name = "Zip spool files";
}
