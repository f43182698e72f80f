using System.Text;
using Siphon.Decoding;
using Siphon.Records;
using Siphon.Runs.Protocol;
using Siphon.Values;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

/// <summary>
/// A CSV body's rows in batches (<see cref="TextBatch"/>): the same records, values and output bytes as the dictionary
/// path, whatever the quoting, the emptiness or the script of a value.
/// </summary>
public sealed class CsvBatchTests
{
    private const string Body =
        "id,name,amount,active,note,name,city\r\n" +
        "1,Ann,2.50,true,\"x,y\",Anne,Zürich\r\n" +
        "2,\"say \"\"hi\"\"\",,false,\"two\nlines\",,\"東京\"\r\n" +
        "\r\n" +
        "3,--,1e3,True,\"q\"tail,null,\r\n" +
        "4,Bob\r\n";

    /// <summary>What the dictionary path has always made of <see cref="Body"/>: every value a string (CSV has no types), "" kept, a missing column null, a duplicated name its last column's value in its first place.</summary>
    private const string Expected =
        """[{"id":"1","name":"Anne","amount":"2.50","active":"true","note":"x,y","city":"Zürich"},""" +
        """{"id":"2","name":"","amount":"","active":"false","note":"two\nlines","city":"東京"},""" +
        """{"id":"3","name":"null","amount":"1e3","active":"True","note":"qtail","city":""},""" +
        """{"id":"4","name":null,"amount":null,"active":null,"note":null,"city":null}]""";

    [Fact]
    public async Task Batches_QuotedEmptyNumericBooleanAndNonAsciiValues_MaterialiseAsTheDictionaryPathTypesThem()
    {
        var dictionaries = Json(await DecodeAsync(Build("type: CsvDecoder"), new ChunkedStream(Utf8(Body))));
        var batches = await BatchesAsync("type: CsvDecoder", new ChunkedStream(Utf8(Body)));

        Assert.Equal(Expected, dictionaries);
        Assert.Equal(Expected, Json(batches.SelectMany(b => b.Records())));
    }

    [Fact]
    public async Task Batches_ValuesSetToNone_AreNullOnlyWhereTheTokenMatchesAfterUnquoting()
    {
        var yaml = "type: CsvDecoder\nset_values_to_none: [\"\", \"--\"]";
        var body = Utf8("a,b,c\n--,\"--\",\"\"\n\"-\"\"-\",x,\n");

        var batches = await BatchesAsync(yaml, new MemoryStream(body));

        Assert.Equal("""[{"a":null,"b":null,"c":null},{"a":"-\"-","b":"x","c":null}]""", Json(batches.SelectMany(b => b.Records())));
        Assert.Equal(Json(await DecodeAsync(Build(yaml), body)), Json(batches.SelectMany(b => b.Records())));
    }

    [Fact]
    public async Task WriteRecords_OfABatch_WritesTheBytesWriteRecordWritesForItsRecords()
    {
        var batches = await BatchesAsync("type: GzipDecoder\ndecoder: { type: CsvDecoder }", new ChunkedStream(Gzip(Utf8(Body)), seed: 5));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        var fromBatches = Lines(writer => { foreach (var batch in batches) writer.WriteRecords("s", batch); }, clock);
        var fromRecords = Lines(writer => { foreach (var record in batches.SelectMany(b => b.Records())) writer.WriteRecord("s", record); }, clock);

        Assert.Equal(fromRecords, fromBatches);
        Assert.Contains("\"note\":\"two\\nlines\",\"city\":\"東京\"", Encoding.UTF8.GetString(fromBatches), StringComparison.Ordinal);
        Assert.Equal(4, Encoding.UTF8.GetString(fromBatches).Count(c => c == '\n'));
    }

    [Fact]
    public async Task WriteRecords_OfRandomUnicodeText_WritesTheBytesTheJsonWriterWrites()
    {
        var random = new Random(22);
        // Control characters, quotes, backslashes, HTML-sensitive ASCII, Latin, the line separators, CJK, emoji.
        int[][] ranges = [[0, 0x20], [0x20, 0x7F], [0x7F, 0xA0], [0xA0, 0x800], [0x2028, 0x202A], [0x3000, 0x9FFF], [0xE000, 0xFFFE], [0x1F600, 0x1F64F]];
        var text = new StringBuilder("a,b,c\n");
        for (var row = 0; row < 400; row++)
            for (var column = 0; column < 3; column++)
            {
                var value = new StringBuilder();
                for (var i = random.Next(0, 12); i > 0; i--)
                {
                    var range = ranges[random.Next(ranges.Length)];
                    value.Append(char.ConvertFromUtf32(random.Next(range[0], range[1])));
                }
                text.Append('"').Append(value.Replace("\"", "\"\"")).Append('"').Append(column == 2 ? "\n" : ",");
            }
        var batches = await BatchesAsync("type: CsvDecoder", new ChunkedStream(Utf8(text.ToString()), seed: 9));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        var fromBatches = Lines(writer => { foreach (var batch in batches) writer.WriteRecords("s\"\u00e9", batch); }, clock);
        var fromRecords = Lines(writer => { foreach (var record in batches.SelectMany(b => b.Records())) writer.WriteRecord("s\"\u00e9", record); }, clock);

        Assert.All(batches, b => Assert.IsType<Utf8Batch>(b));
        Assert.Equal(400, batches.Sum(b => b.Count));
        Assert.Equal(Encoding.UTF8.GetString(fromRecords), Encoding.UTF8.GetString(fromBatches));
    }

    [Fact]
    public async Task Prepare_RendersTheLinesAhead_AndItsSlicesWriteTheSameBytesAsTheRows()
    {
        var batches = await BatchesAsync("type: CsvDecoder", new ChunkedStream(Utf8(Body), seed: 2));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

        var direct = Lines(writer => { foreach (var batch in batches) writer.WriteRecords("s", batch); }, clock);
        var rendered = Lines(writer =>
        {
            foreach (var batch in batches)
            {
                var prepared = writer.Prepare("s", batch);
                Assert.IsNotType<Utf8Batch>(prepared);
                // A checkpoint inside the batch: two slices, written one after the other.
                writer.WriteRecords("s", prepared.Slice(0, 1));
                writer.WriteRecords("s", prepared.From(1));
            }
        }, clock);

        Assert.Equal(Encoding.UTF8.GetString(direct), Encoding.UTF8.GetString(rendered));
    }

    [Fact]
    public async Task Prepare_OfALargeBatch_CopiesEverySliceAcrossItsChunksExactly()
    {
        var text = new StringBuilder("id,note\n");
        for (var i = 0; i < 3000; i++) text.Append(i).Append(",\"").Append('x', i % 97).Append(i % 5 == 0 ? "\\é\"\"" : "").Append("\"\n");
        var batches = await BatchesAsync("type: CsvDecoder", new MemoryStream(Utf8(text.ToString())));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var random = new Random(7);

        var direct = Lines(writer => { foreach (var batch in batches) writer.WriteRecords("s", batch); }, clock);
        var sliced = Lines(writer =>
        {
            foreach (var batch in batches)
            {
                var rest = writer.Prepare("s", batch);
                while (rest.Count > 0)
                {
                    var take = Math.Min(rest.Count, random.Next(1, 200));
                    writer.WriteRecords("s", rest.Slice(0, take));
                    rest = rest.From(take);
                }
            }
        }, clock);

        Assert.True(batches.Max(b => b.Count) > 150, "the batches are too small to span several chunks");
        Assert.Equal(Encoding.UTF8.GetString(direct), Encoding.UTF8.GetString(sliced));
    }

    [Fact]
    public async Task Prepare_LinesCopiedWhole_GoBackToThePoolWithTheRows_AndAreNeverReadAgain()
    {
        var batch = Assert.Single(await BatchesAsync("type: CsvDecoder", new MemoryStream(Utf8("n\n0\n1\n2\n"))));
        using var output = new MemoryStream();
        using var writer = new AirbyteMessageWriter(output);
        var prepared = writer.Prepare("s", batch);

        writer.WriteRecords("s", prepared.Slice(0, 2));
        Assert.Equal("""[{"n":"2"}]""", Json([prepared.Materialize(2)]));
        writer.WriteRecords("s", prepared.From(2));

        // Every line copied: the lines and the rows went back to their pools, and no view of them reads any more.
        Assert.Throws<InvalidOperationException>(() => writer.WriteRecords("s", prepared.From(2)));
        Assert.Throws<InvalidOperationException>(() => prepared.Materialize(2));
        Assert.Throws<InvalidOperationException>(() => batch.Materialize(0));
        Assert.Throws<InvalidOperationException>(() => batch.Renamed(name => name.ToUpperInvariant())!.Materialize(0));
    }

    [Fact]
    public async Task Prepare_BatchesWrittenAsTheyAreDecoded_ReuseTheirBlocksWithoutChangingARow()
    {
        // Many blocks, each read in small pieces so that several batches share a block: every batch is rendered and
        // written (its rows released to the pool) as soon as it comes, while the reader fills the blocks it rents next.
        var text = new StringBuilder("id,note,city\n");
        for (var i = 0; i < 20_000; i++) text.Append(i).Append(",\"note ").Append('x', i % 41).Append(i % 7 == 0 ? " \"\"q\"\"" : "").Append("\",c").Append(i % 13).Append('\n');
        var body = Utf8(text.ToString());
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var decoder = Assert.IsAssignableFrom<IBatchDecoder>(Build("type: CsvDecoder"));

        var expected = Lines(writer =>
        {
            foreach (var batch in BatchesAsync("type: CsvDecoder", new ChunkedStream(body, seed: 3)).GetAwaiter().GetResult()) writer.WriteRecords("s", batch);
        }, clock);
        var kept = new List<RecordBatch>();
        var streamed = Lines(writer =>
        {
            var batches = decoder.DecodeBatchesAsync(new ChunkedStream(body, seed: 3), Download, CancellationToken.None).GetAsyncEnumerator();
            while (batches.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                // Batches are written in pairs: the first waits while the reader goes on in its block or the next.
                kept.Add(batches.Current);
                if (kept.Count < 2) continue;
                foreach (var batch in kept) writer.WriteRecords("s", writer.Prepare("s", batch));
                kept.Clear();
            }
            foreach (var batch in kept) writer.WriteRecords("s", writer.Prepare("s", batch));
        }, clock);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(streamed));
    }

    [Fact]
    public async Task Slice_OfABatch_HoldsExactlyItsRows()
    {
        var batch = Assert.Single(await BatchesAsync("type: CsvDecoder", new MemoryStream(Utf8("n\n0\n1\n2\n3\n4\n"))));

        Assert.Equal(5, batch.Count);
        Assert.Equal("""[{"n":"1"},{"n":"2"}]""", Json(batch.Slice(1, 2).Records()));
        Assert.Equal("""[{"n":"3"},{"n":"4"}]""", Json(batch.From(3).Records()));
        Assert.Equal("""[{"n":"4"}]""", Json(batch.From(3).From(1).Records()));
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Slice(4, 2));
    }

    [Fact]
    public async Task Batches_ABodyThatFailsPartWay_HandOutTheRowsBeforeTheFailureFirst()
    {
        var decoder = (IBatchDecoder)Build("type: CsvDecoder");
        var rows = new List<Dictionary<string, object?>>();

        await Assert.ThrowsAsync<DecodeException>(async () =>
        {
            await foreach (var batch in decoder.DecodeBatchesAsync(new MemoryStream(Utf8("a,b\n1,2\n3,4\n5,6,7\n")), Download, CancellationToken.None))
                rows.AddRange(batch.Records());
        });

        Assert.Equal("""[{"a":"1","b":"2"},{"a":"3","b":"4"}]""", Json(rows));
    }

    [Fact]
    public async Task Batches_OfALargeBody_AreBoundedAndKeepEveryRowInOrder()
    {
        var text = new StringBuilder("n,v\n");
        for (var i = 0; i < 5000; i++) text.Append(i).Append(",é").Append('\n');

        var batches = await BatchesAsync("type: CsvDecoder", new MemoryStream(Utf8(text.ToString())));

        Assert.True(batches.Count > 1);
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 4096));
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => i.ToString()), batches.SelectMany(b => b.Records()).Select(r => (string)r["n"]!));
    }

    [Fact]
    public async Task KeyTransformation_OfATextBatch_RenamesItOnceAsEachRecordWouldBeRenamedIncludingKeysThatBecomeOne()
    {
        var body = Utf8("ID,First Name,firstName,Name,NAME\n1,a,b,c,d\n2,e,,g,\n");
        var batch = Assert.Single(await BatchesAsync("type: CsvDecoder", new MemoryStream(body)));
        var scope = new Siphon.Templates.TemplateScope(JsonValues.NewObject());

        foreach (IRecordTransformation transformation in new IRecordTransformation[] { new Siphon.Records.Transformations.KeysToLower(), new Siphon.Records.Transformations.KeysToSnakeCase() })
        {
            var renamed = Assert.IsAssignableFrom<IBatchTransformation>(transformation).Transform(batch, scope);
            var oneByOne = batch.Records().ToList();
            foreach (var record in oneByOne) transformation.Transform(record, scope);

            Assert.NotNull(renamed);
            Assert.Equal(Json(oneByOne), Json(renamed.Records()));
        }
        Assert.Equal("""[{"id":"1","first name":"a","firstname":"b","name":"d"},{"id":"2","first name":"e","firstname":"","name":""}]""",
            Json(new Siphon.Records.Transformations.KeysToLower().Transform(batch, scope)!.Records()));
    }

    private static async Task<List<RecordBatch>> BatchesAsync(string yaml, Stream body)
    {
        var decoder = Assert.IsAssignableFrom<IBatchDecoder>(Build(yaml));
        Assert.True(decoder.CanBatch);
        var batches = new List<RecordBatch>();
        await foreach (var batch in decoder.DecodeBatchesAsync(body, Download, CancellationToken.None)) batches.Add(batch);
        return batches;
    }

    private static byte[] Lines(Action<AirbyteMessageWriter> write, TimeProvider clock)
    {
        using var output = new MemoryStream();
        using (var writer = new AirbyteMessageWriter(output, clock)) write(writer);
        return output.ToArray();
    }
}
