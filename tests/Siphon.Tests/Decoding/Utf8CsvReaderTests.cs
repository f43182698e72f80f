using System.Text;
using Siphon.Decoding;
using Siphon.Records;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

/// <summary>
/// A UTF-8 CSV body is split as bytes (<see cref="Utf8CsvReader"/>); every other encoding goes through Sep. On text both
/// read alike (ASCII is the same in UTF-8 and latin-1), the two must give the same records and the same errors,
/// whatever the quoting, line breaks and chunking of the body.
/// </summary>
public sealed class Utf8CsvReaderTests
{
    private static readonly string[] Pieces = ["a", "bc", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "--", "x\"y", "1"];

    [Fact]
    public async Task RandomBodies_SplitAsBytes_ReadAsTheSepPathReadsThem()
    {
        var random = new Random(2026);
        var utf8 = Build("type: CsvDecoder\nset_values_to_none: [\"\", \"--\"]");
        var latin1 = Build("type: CsvDecoder\nencoding: latin-1\nset_values_to_none: [\"\", \"--\"]");
        for (var round = 0; round < 3000; round++)
        {
            var text = new StringBuilder(round % 3 == 0 ? "h1,h2,h3\n" : "");
            var pieces = random.Next(0, 40);
            for (var i = 0; i < pieces; i++)
            {
                var piece = Pieces[random.Next(Pieces.Length)];
                // Sep loses a \r of "\r\r" (AByteSplit_KeepsEveryCarriageReturn): not compared here.
                if (piece.StartsWith('\r') && text.Length > 0 && text[^1] == '\r') continue;
                text.Append(piece);
            }
            var body = Encoding.ASCII.GetBytes(text.ToString());

            var bytes = await OutcomeAsync(utf8, body, round);
            var chars = await OutcomeAsync(latin1, body, round);

            Assert.True(chars == bytes, $"body {JsonEscaped(text.ToString())}:\n sep:   {chars}\n bytes: {bytes}");
        }
    }

    [Fact]
    public async Task AByteSplit_KeepsEveryCarriageReturn_WhichSepLosesInAQuotedValue()
    {
        var body = Utf8("a,b\n\"x\r\r\ny\",1\r\r\n2,3\n");

        Assert.Equal("""[{"a":"x\r\r\ny","b":"1"},{"a":"2","b":"3"}]""", Json(await DecodeAsync(Build("type: CsvDecoder"), body)));
    }

    [Fact]
    public async Task ALargeBody_InManyBlocks_KeepsEveryRowAndValue()
    {
        var text = new StringBuilder("id,note\r\n");
        for (var i = 0; i < 20_000; i++) text.Append(i).Append(i % 7 == 0 ? ",\"multi\nline, \"\"quoted\"\"\"\r\n" : ",plain é\r\n");
        var body = Utf8(text.ToString());

        var batches = await BatchesAsync(body);

        Assert.True(batches.Count > 3, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.IsType<Utf8Batch>(b));
        var records = batches.SelectMany(b => b.Records()).ToList();
        Assert.Equal(20_000, records.Count);
        Assert.Equal("multi\nline, \"quoted\"", records[14_000]["note"]);
        Assert.Equal("plain é", records[19_998]["note"]);
        Assert.Equal("19998", records[19_998]["id"]);
    }

    [Fact]
    public async Task InvalidUtf8_FailsNamingTheRow_AfterTheRowsBeforeIt()
    {
        var body = Utf8("id\n1\n2\n").Concat(new byte[] { 0xC3, 0x28, (byte)'\n' }).Concat(Utf8("4\n")).ToArray();
        var records = new List<object?>();

        var error = await Assert.ThrowsAsync<DecodeException>(async () =>
        {
            await foreach (var value in Build("type: CsvDecoder").DecodeAsync(new MemoryStream(body), Download, CancellationToken.None)) records.Add(value);
        });

        Assert.Equal("download: the body is not valid text in the declared encoding near CSV row 3 (set encoding to the body's, e.g. latin-1 or cp1252)", error.Message);
        Assert.Equal("""[{"id":"1"},{"id":"2"}]""", Json(records));
    }

    [Fact]
    public async Task AByteOrderMark_IsNotPartOfTheFirstName_EvenWhenItIsQuoted()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8("\"id\",name\n1,a\n")).ToArray();

        Assert.Equal("""[{"id":"1","name":"a"}]""", Json(await DecodeAsync(Build("type: CsvDecoder"), body)));
    }

    private static async Task<List<RecordBatch>> BatchesAsync(byte[] body)
    {
        var decoder = (IBatchDecoder)Build("type: CsvDecoder");
        var batches = new List<RecordBatch>();
        await foreach (var batch in decoder.DecodeBatchesAsync(new ChunkedStream(body, seed: 3), Download, CancellationToken.None)) batches.Add(batch);
        return batches;
    }

    /// <summary>The records as JSON, or the error's message and line after the records before it.</summary>
    private static async Task<string> OutcomeAsync(IRecordDecoder decoder, byte[] body, int seed)
    {
        var records = new List<object?>();
        try
        {
            await foreach (var value in decoder.DecodeAsync(new ChunkedStream(body, seed), Download, CancellationToken.None)) records.Add(value);
            return Json(records);
        }
        catch (DecodeException e)
        {
            return $"{Json(records)} then {e.Message} (line {e.Line})";
        }
    }

    private static string JsonEscaped(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
