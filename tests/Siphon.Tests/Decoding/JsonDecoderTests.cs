using Siphon.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

/// <summary>Runs alone (its huge-array test measures the heap of the whole process).</summary>
[Collection(nameof(LargeDownloads))]
public sealed class JsonDecoderTests
{
    private const string Decoder = "type: JsonDecoder";

    [Fact]
    public async Task Decode_TopLevelArray_YieldsEachItem()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8("""[{"id": 1, "name": "a\u00e9\"b"}, {"id": 2.5, "tags": [true, null]}]"""));

        Assert.Equal("""[{"id":1,"name":"aé\"b"},{"id":2.5,"tags":[true,null]}]""", json);
    }

    [Fact]
    public async Task Decode_Object_YieldsTheDocument()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8("""{"data": [{"id": 1}], "next": null}"""));

        Assert.Equal("""[{"data":[{"id":1}],"next":null}]""", json);
    }

    [Fact]
    public async Task Decode_RecordPath_YieldsTheArrayItemsUnderIt()
    {
        var body = Utf8("""{"meta": {"skip": [1, {"deep": [2]}]}, "data": [{"id": 1}, {"id": 2}], "after": "x"}""");

        var json = await DecodeAllWaysAsync(Decoder, body, Download with { RecordPath = ["data"] });

        Assert.Equal("""[{"id":1},{"id":2}]""", json);
    }

    [Fact]
    public async Task Decode_NestedRecordPathToAnObject_YieldsTheObject()
    {
        var body = Utf8("""{"result": {"report": {"id": 7}}, "report": {"id": 0}}""");

        var json = await DecodeAllWaysAsync(Decoder, body, Download with { RecordPath = ["result", "report"] });

        Assert.Equal("""[{"id":7}]""", json);
    }

    [Fact]
    public async Task Decode_RecordPathWithWildcard_YieldsEveryMatchAsIs()
    {
        var body = Utf8("""{"pages": [{"rows": {"id": 1}}, {"rows": {"id": 2}}, {"other": 3}]}""");

        var json = await DecodeAllWaysAsync(Decoder, body, Download with { RecordPath = ["pages", "*", "rows"] });

        Assert.Equal("""[{"id":1},{"id":2}]""", json);
    }

    [Fact]
    public async Task Decode_RecordPathMissing_YieldsNothing()
    {
        var json = await DecodeAllWaysAsync(Decoder, Utf8("""{"other": [1, 2]}"""), Download with { RecordPath = ["data"] });

        Assert.Equal("[]", json);
    }

    [Fact]
    public async Task Decode_EmptyRecordPath_YieldsWhatAnExtractorWithoutFieldPathYields()
    {
        var records = Download with { RecordPath = [] };

        Assert.Equal("[]", await DecodeAllWaysAsync(Decoder, Utf8("{}"), records));
        Assert.Equal("[{}]", await DecodeAllWaysAsync(Decoder, Utf8("{}")));
        Assert.Equal("""[{"a":1}]""", await DecodeAllWaysAsync(Decoder, Utf8("""{"a": 1}"""), records));
        Assert.Equal("[1,2]", await DecodeAllWaysAsync(Decoder, Utf8("[1, 2]"), records));
    }

    [Fact]
    public async Task Decode_EmptyBodyOrEmptyArray_YieldsNothing()
    {
        Assert.Equal("[]", await DecodeAllWaysAsync(Decoder, Utf8("  \n")));
        Assert.Equal("[]", await DecodeAllWaysAsync(Decoder, Utf8("[]")));
    }

    [Fact]
    public async Task Decode_ByteOrderMarkAndLatin1_AreRead()
    {
        Assert.Equal("""[{"a":1}]""", await DecodeAllWaysAsync(Decoder, Utf8("\uFEFF[{\"a\": 1}]")));
        var latin1 = System.Text.Encoding.Latin1.GetBytes("[{\"name\": \"caf\u00e9\"}]");
        Assert.Equal("""[{"name":"café"}]""", await DecodeAllWaysAsync("type: JsonDecoder\nencoding: latin-1", latin1));
    }

    [Fact]
    public async Task Decode_HugeArrayUnderPath_IsReadItemByItem()
    {
        // About 36 MB of items under "data", after a "meta" object: the heap never holds more than a few items.
        var decoder = Build(Decoder);
        var body = new GeneratedJsonStream(itemCount: 300_000);
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        long count = 0, peak = 0;
        await foreach (var record in decoder.DecodeAsync(body, Download with { RecordPath = ["data"] }, CancellationToken.None))
        {
            Assert.Equal(count, ((Dictionary<string, object?>)record!)["id"]);
            // Live memory only (a full collection): other tests allocate in parallel, and their garbage is not ours.
            if (++count % 50_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(true));
        }

        Assert.Equal(300_000, count);
        Assert.True(body.Position > 30_000_000, $"body was {body.Position} bytes");
        Assert.True(peak - baseline < 30_000_000, $"heap grew by {peak - baseline:N0} bytes");
    }

    [Fact]
    public async Task Decode_Cancelled_StopsReading()
    {
        using var cancellation = new CancellationTokenSource();
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Build(Decoder).DecodeAsync(new GeneratedJsonStream(1_000_000), Download with { RecordPath = ["data"] }, cancellation.Token))
                if (++count == 1000) cancellation.Cancel();
        });
        Assert.Equal(1000, count);
    }

    [Theory]
    [InlineData("[{\"a\": 1}, {\"a\": 2}", "download: JSON ends unexpectedly at byte 19 (truncated?): a value, array or object is not complete", DecodeFailure.Truncated)]
    [InlineData("[{\"a\": 1} {\"a\": 2}]", "download: malformed JSON at byte 10 (line 1, column 11): '{' is invalid after a value. Expected either ',', '}', or ']'.", DecodeFailure.Malformed)]
    [InlineData("[{\"a\": 1},\n {\"a\": tru}]", "download: malformed JSON at byte 21 (line 2, column 11): 'tru}]' is an invalid JSON literal. Expected the literal 'true'.", DecodeFailure.Malformed)]
    [InlineData("{\"a\": 1} trailing", "download: malformed JSON at byte 9 (line 1, column 10): 't' is invalid after a single JSON value. Expected end of data.", DecodeFailure.Malformed)]
    [InlineData("<!DOCTYPE html><html><body>Gateway Timeout</body></html>", "download: expected JSON but the body looks like HTML (\"<!DOCTYPE html><html><body>Gateway Timeo...\")", DecodeFailure.ErrorPage)]
    public async Task Decode_MalformedOrTruncated_FailsWithThePlace(string body, string message, DecodeFailure failure)
    {
        var error = await FailsAsync(Build(Decoder), Utf8(body));

        Assert.Equal(message, error.Message);
        Assert.Equal("download", error.Step);
        Assert.Equal(failure, error.Failure);
    }

    [Fact]
    public async Task Decode_TruncatedInsideAnObject_SaysTruncated()
    {
        var error = await FailsAsync(Build(Decoder), Utf8("{\"data\": [{\"id\": 1}, {\"id\""), Download with { RecordPath = ["data"] });

        Assert.Equal("download: JSON ends unexpectedly at byte 26 (truncated?): a value, array or object is not complete", error.Message);
        Assert.Equal(26, error.Offset);
    }
}

public sealed class JsonItemsDecoderTests
{
    [Fact]
    public async Task Decode_ItemsPath_YieldsTheItemsOfTheArrayThere()
    {
        var body = Utf8("""{"result": {"rows": [{"id": 1}, {"id": 2}], "rows_count": 2}, "rows": [{"id": 0}]}""");

        var json = await DecodeAllWaysAsync("type: JsonItemsDecoder\nitems_path: result.rows", body);

        Assert.Equal("""[{"id":1},{"id":2}]""", json);
    }

    [Fact]
    public async Task Decode_ItemsPathNotAnArray_YieldsNothing()
    {
        Assert.Equal("[]", await DecodeAllWaysAsync("type: JsonItemsDecoder\nitems_path: data", Utf8("""{"data": {"id": 1}}""")));
    }

    [Fact]
    public async Task Decode_Truncated_Fails()
    {
        var error = await FailsAsync(Build("type: JsonItemsDecoder\nitems_path: data"), Utf8("""{"data": [{"id": 1}, {"id": 2"""));

        Assert.Equal("download: JSON ends unexpectedly at byte 29 (truncated?): a value, array or object is not complete", error.Message);
    }

    [Fact]
    public void Build_EmptyItemsPath_IsABuildError()
    {
        Assert.Contains("items_path must name the array", BuildFails("type: JsonItemsDecoder\nitems_path: ''").Message);
    }
}

/// <summary>Generates <c>{"meta": {...}, "data": [ {...}, ... ]}</c> on the fly, never holding more than one item.</summary>
internal sealed class GeneratedJsonStream(int itemCount) : Stream
{
    private byte[] _pending = "{\"meta\": {\"page\": 1}, \"data\": ["u8.ToArray();
    private int _pendingStart;
    private int _next;
    private long _position;

    public override int Read(Span<byte> buffer)
    {
        if (_pendingStart == _pending.Length)
        {
            if (_next > itemCount) return 0;
            _pending = _next == itemCount ? "]}"u8.ToArray()
                : System.Text.Encoding.UTF8.GetBytes($"{(_next > 0 ? "," : "")}{{\"id\": {_next}, \"name\": \"item number {_next}\", \"values\": [1, 2.5, \"x\"], \"padding\": \"{new string('p', 40)}\"}}\n");
            _pendingStart = 0;
            _next++;
        }
        var n = Math.Min(buffer.Length, _pending.Length - _pendingStart);
        _pending.AsSpan(_pendingStart, n).CopyTo(buffer);
        _pendingStart += n;
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(Read(buffer.Span));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
