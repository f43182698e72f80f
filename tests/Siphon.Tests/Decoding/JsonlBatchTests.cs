using System.Text;
using Microsoft.Extensions.Time.Testing;
using Siphon.Decoding;
using Siphon.Records;
using Siphon.Records.Transformations;
using Siphon.Runs.Protocol;
using Siphon.Templates;
using Siphon.Values;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

/// <summary>
/// A JSONL body's records in batches of lines kept as bytes (<see cref="JsonLineBatch"/>): the same records, and on
/// stdout the very bytes the dictionary path writes, whatever the numbers, escapes, scripts, repeated keys and renames.
/// </summary>
[Collection(ZipSpoolCollection.Name)]
public sealed class JsonlBatchTests
{
    /// <summary>Lines that each exercise one rule of the dictionary path: number typing, repeated keys, escapes, nesting.</summary>
    public const string EdgeBody =
        "\uFEFF{\"id\":1,\"n\":-0,\"f\":1.0,\"e\":1e2,\"E\":1E-7,\"big\":9223372036854775808,\"max\":9223372036854775807,\"tiny\":5e-324,\"pi\":3.14159265358979323846}\r\n" +
        "{\"id\":2,\"s\":\"caf\u00e9 \u6771\u4eac \ud83d\ude00\",\"esc\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\\u0001\\u2028<>&'\"}\n" +
        "\n   \t\n" +
        "{\"id\":3,\"a\":1,\"b\":2,\"a\":3}\n" +
        "{\"id\":4,\"o\":{\"x\":1,\"x\":2,\"y\":[{\"k\":1,\"k\":[]}]}}\n" +
        "{\"id\":5,\"o\":{\"x\":{},\"y\":[],\"z\":[[null,true,false],{\"\":\"\"}]}}\n" +
        "[1,2,3]\n" +
        "\"not a record\"\n" +
        "42\n" +
        "{\"i\\u0064\":6,\"id\":7}\n" +
        "{\"id\":8, /* a comment */ \"t\":[1,2,],}\n" +
        "{}\n" +
        "{\"ID\":9,\"Id\":10,\"id\":11}\n" +
        "{\"A\":1,\"a\":2,\"A\":3}\n" +
        "{\"id\":12,\"huge\":123456789012345678901234567890,\"neg\":-1.5e300,\"small\":-0.0}\n" +
        "{\"id\":13,\"f\":1.5,\"g\":2.5E-07,\"s\":\"a\\\"b\\\\c\\n\\u0001 caf\u00e9\",\"o\":{\"k\":[null,true,{\"x\":-3}]}}\n" +
        "{\"ID\":14,\"Name\":\"x\\\"y}\",\"Nested\":{\"K\":[1,\"]}\\\\\",[]]},\"Last\":{},\"Num\":-2.5,\"T\":true}\n";

    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    private static readonly TemplateScope Scope = new(JsonValues.NewObject());

    [Fact]
    public async Task Prepare_BatchesWrittenAsTheyAreDecoded_ReuseTheirBuffersWithoutChangingALine()
    {
        // Every batch is rendered and written (its buffers released to the pool) as soon as it comes, in pairs, while the
        // decoder fills the buffers it rents next; lines of every kind, some verbatim, some transcribed.
        var text = new StringBuilder();
        for (var i = 0; i < 6_000; i++)
            text.Append(i % 3 == 0 ? $$"""{"id":{{i}},"Note":"n{{new string('x', i % 50)}}","tags":[1,2]}""" : $$"""{ "id": {{i}}, "Note": "é\u00e9{{i}}" }""").Append('\n');
        var body = Utf8(text.ToString());
        var transformation = new KeysToLower();
        var decoder = Assert.IsAssignableFrom<IBatchDecoder>(Build("type: JsonlDecoder"));

        var (expected, error) = await ThroughDictionariesAsync(body, transformation, "chunked");
        Assert.Null(error);
        var batches = new List<RecordBatch>();
        var streamed = Lines(writer =>
        {
            var decoded = decoder.DecodeBatchesAsync(new ChunkedStream(body, seed: 7), Download, CancellationToken.None).GetAsyncEnumerator();
            var pair = new List<RecordBatch>();
            while (decoded.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                pair.Add(transformation.Transform(decoded.Current, Scope)!);
                if (pair.Count < 2) continue;
                foreach (var batch in pair) writer.WriteRecords("s", writer.Prepare("s", batch));
                batches.AddRange(pair);
                pair.Clear();
            }
            foreach (var batch in pair) writer.WriteRecords("s", writer.Prepare("s", batch));
            batches.AddRange(pair);
        });

        Assert.True(batches.Count > 4);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(streamed));
        Assert.Throws<InvalidOperationException>(() => batches[0].Materialize(0));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("chunked")]
    [InlineData("gzip")]
    public async Task WriteRecords_OfEdgeLines_WritesTheBytesTheDictionaryPathWrites(string form)
    {
        var (fromRecords, recordsError) = await ThroughDictionariesAsync(Utf8(EdgeBody), null, form);
        var (fromBatches, batchesError) = await ThroughBatchesAsync(Utf8(EdgeBody), null, form);

        Assert.Null(recordsError);
        Assert.Null(batchesError);
        Assert.Equal(Encoding.UTF8.GetString(fromRecords), Encoding.UTF8.GetString(fromBatches));
        Assert.Equal(13, Encoding.UTF8.GetString(fromBatches).Count(c => c == '\n'));
        Assert.Contains("\"a\":3,\"b\":2", Encoding.UTF8.GetString(fromBatches), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("gzip")]
    public async Task WriteRecords_AfterKeysToLowerAndKeysToSnakeCase_WritesTheBytesOfEachRecordRenamed(string form)
    {
        foreach (var transformation in new KeyOnlyTransformation[] { new KeysToLower(), new KeysToSnakeCase() })
        {
            var (fromRecords, _) = await ThroughDictionariesAsync(Utf8(EdgeBody), transformation, form);
            var (fromBatches, _) = await ThroughBatchesAsync(Utf8(EdgeBody), transformation, form);

            Assert.Equal(Encoding.UTF8.GetString(fromRecords), Encoding.UTF8.GetString(fromBatches));
        }
    }

    [Fact]
    public async Task KeysToLower_OfABatch_RenamesWithoutMaterialisingAndKeepsTheDictionaryCollisionRule()
    {
        var body = Utf8("{\"ID\":1,\"Name\":\"a\"}\n{\"ID\":2,\"Name\":\"b\"}\n{\"ID\":3,\"id\":4,\"Name\":\"c\"}\n{\"A\":1,\"a\":2,\"A\":3}\n");
        var batch = Assert.IsType<JsonLineBatch>(Assert.Single(await BatchesAsync(new MemoryStream(body))));

        var renamed = Assert.IsType<JsonLineBatch>(new KeysToLower().Transform(batch, Scope));

        Assert.Equal("""[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":4,"name":"c"},{"a":2}]""", Json(renamed.Records()));
        Assert.Equal(Json(batch.Records().Select(r => { new KeysToLower().Transform(r, Scope); return r; })), Json(renamed.Records()));
    }

    [Fact]
    public async Task Verbatim_LinesAlreadyInTheWritersForm_AreCopiedUntilARenameChangesAKey()
    {
        var body = Utf8("{\"id\":1,\"name\":\"a\\\"b\",\"f\":1.5}\n{\"id\": 2}\n{\"ID\":3}\n");
        var batch = Assert.IsType<JsonLineBatch>(Assert.Single(await BatchesAsync(new MemoryStream(body))));

        Assert.Equal([true, false, true], Enumerable.Range(0, 3).Select(batch.Verbatim));
        var lowered = Assert.IsType<JsonLineBatch>(new KeysToLower().Transform(batch, Scope));
        Assert.Equal([true, false, false], Enumerable.Range(0, 3).Select(lowered.Verbatim));
        Assert.Equal([false, false], Enumerable.Range(0, 2).Select(((JsonLineBatch)lowered.Slice(1, 2)).Verbatim));
    }

    [Fact]
    public async Task Materialize_OfARow_IsTheRecordTheDictionaryPathDecodes()
    {
        var records = (await DecodeAsync(Build("type: JsonlDecoder"), Utf8(EdgeBody))).OfType<Dictionary<string, object?>>();
        var batches = await BatchesAsync(new ChunkedStream(Utf8(EdgeBody)));

        Assert.Equal(Json(records), Json(batches.SelectMany(b => b.Records())));
        Assert.IsType<long>(batches.SelectMany(b => b.Records()).First()["max"]);
        Assert.IsType<double>(batches.SelectMany(b => b.Records()).First()["big"]);
    }

    [Fact]
    public async Task Slice_OfABatch_HoldsExactlyItsRows()
    {
        var batch = Assert.Single(await BatchesAsync(new MemoryStream(Utf8("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n"))));

        Assert.Equal(5, batch.Count);
        Assert.Equal("""[{"n":1},{"n":2}]""", Json(batch.Slice(1, 2).Records()));
        Assert.Equal("""[{"n":4}]""", Json(batch.From(3).From(1).Records()));
        Assert.Equal(Lines(w => { w.WriteRecord("s", batch.Materialize(3)); w.WriteRecord("s", batch.Materialize(4)); }), Lines(w => w.WriteRecords("s", batch.From(3))));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Slice(4, 2));
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"a\":2}\n{\"a\":\n{\"a\":4}\n", 3)]
    [InlineData("{\"a\":1}\n{\"a\":2}\n{\"a\":\"\\ud800\"}\n", 3)]
    [InlineData("{\"a\":1}\n{\"a\":2}\n{\"a\":1} x\n", 3)]
    [InlineData("{\"a\":1}\n{\"a\":2}\n[1,\n", 3)]
    public async Task Batches_ABodyThatFailsPartWay_HandOutTheRowsBeforeTheFailureFirstWithTheSameError(string body, int line)
    {
        var (fromRecords, recordsError) = await ThroughDictionariesAsync(Utf8(body), null, "chunked");
        var (fromBatches, batchesError) = await ThroughBatchesAsync(Utf8(body), null, "chunked");

        Assert.Equal(Encoding.UTF8.GetString(fromRecords), Encoding.UTF8.GetString(fromBatches));
        Assert.Equal(2, Encoding.UTF8.GetString(fromBatches).Count(c => c == '\n'));
        Assert.Equal(recordsError, batchesError);
        Assert.Contains($"line {line} ", batchesError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batches_InvalidUtf8InAString_FailAsTheDictionaryPathFails()
    {
        var body = Utf8("{\"a\":\"x\"}\n").Concat(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}', (byte)'\n' }).ToArray();

        var (fromRecords, recordsError) = await ThroughDictionariesAsync(body, null, "plain");
        var (fromBatches, batchesError) = await ThroughBatchesAsync(body, null, "plain");

        Assert.Equal(fromRecords, fromBatches);
        Assert.NotNull(batchesError);
        Assert.Equal(recordsError, batchesError);
    }

    [Fact]
    public async Task Batches_OfALargeBody_AreBoundedAndKeepEveryRowInOrder()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 5000; i++) text.Append("{\"n\":").Append(i).Append(",\"v\":\"é\"}\n");

        var batches = await BatchesAsync(new MemoryStream(Utf8(text.ToString())));

        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.IsType<JsonLineBatch>(b));
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), batches.SelectMany(b => b.Records()).Select(r => (long)r["n"]!));
    }

    [Fact]
    public async Task Batches_OfAZipOfJsonLines_HoldEveryMembersRecordsAsOneByOne()
    {
        var body = Zip(("a.jsonl", Utf8("{\"id\":1}\n[2]\n")), ("b.jsonl", Gzip(Utf8("{\"id\":3,\"id\":4}\n"))));
        var records = (await DecodeAsync(Build("type: JsonlDecoder"), body)).OfType<Dictionary<string, object?>>();

        var batches = await BatchesAsync(new MemoryStream(body));

        Assert.Equal("""[{"id":1},{"id":4}]""", Json(batches.SelectMany(b => b.Records())));
        Assert.Equal(Json(records), Json(batches.SelectMany(b => b.Records())));
    }

    /// <summary>The body as the read path took it before: a dictionary per line, non-records dropped, written one by one.</summary>
    public static async Task<(byte[] Output, string? Error)> ThroughDictionariesAsync(byte[] body, IRecordTransformation? transformation, string form)
    {
        var records = new List<Dictionary<string, object?>>();
        var error = await ErrorOfAsync(async () =>
        {
            await foreach (var value in Decoder(form).DecodeAsync(Body(body, form), Download, CancellationToken.None))
                if (value is Dictionary<string, object?> record)
                {
                    transformation?.Transform(record, Scope);
                    records.Add(record);
                }
        });
        return (Lines(w => { foreach (var record in records) w.WriteRecord("s", record); }), error);
    }

    /// <summary>
    /// The body in batches, renamed as a batch when a key transformation is given, written a batch at a time (with its
    /// lines rendered ahead first when <paramref name="rendered"/>, as <c>siphon read</c> writes them).
    /// </summary>
    public static async Task<(byte[] Output, string? Error)> ThroughBatchesAsync(byte[] body, IBatchTransformation? transformation, string form, bool rendered = false)
    {
        var batches = new List<RecordBatch>();
        var error = await ErrorOfAsync(async () =>
        {
            await foreach (var batch in ((IBatchDecoder)Decoder(form)).DecodeBatchesAsync(Body(body, form), Download, CancellationToken.None))
                batches.Add(transformation is null ? batch : transformation.Transform(batch, Scope) ?? throw new InvalidOperationException("not renamed as a batch"));
        });
        return (Lines(w => { foreach (var batch in batches) w.WriteRecords("s", rendered ? w.Prepare("s", batch) : batch); }), error);
    }

    private static IRecordDecoder Decoder(string form) => Build(form == "gzip" ? "type: GzipDecoder\ndecoder: { type: JsonlDecoder }" : "type: JsonlDecoder");

    private static Stream Body(byte[] body, string form) => form switch
    {
        "chunked" => new ChunkedStream(body, seed: 7),
        "gzip" => new ChunkedStream(Gzip(body), seed: 3),
        _ => new MemoryStream(body),
    };

    private static async Task<string?> ErrorOfAsync(Func<Task> decode)
    {
        try
        {
            await decode();
            return null;
        }
        catch (Exception e) when (e is not InvalidOperationException { Message: "not renamed as a batch" })
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static async Task<List<RecordBatch>> BatchesAsync(Stream body)
    {
        var decoder = Assert.IsAssignableFrom<IBatchDecoder>(Build("type: JsonlDecoder"));
        Assert.True(decoder.CanBatch);
        var batches = new List<RecordBatch>();
        await foreach (var batch in decoder.DecodeBatchesAsync(body, Download, CancellationToken.None)) batches.Add(batch);
        return batches;
    }

    private static byte[] Lines(Action<AirbyteMessageWriter> write)
    {
        using var output = new MemoryStream();
        using (var writer = new AirbyteMessageWriter(output, Clock)) write(writer);
        return output.ToArray();
    }
}
