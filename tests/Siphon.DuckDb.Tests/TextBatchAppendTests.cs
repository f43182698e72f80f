using Siphon.Records;
using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

/// <summary>
/// A text batch (a CSV body's rows) appended from its values leaves exactly the rows, extras, statistics and state that
/// the same rows written one record at a time leave: both paths are run into two files and compared.
/// </summary>
public sealed class TextBatchAppendTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    private static readonly DateTimeOffset ExtractedAt = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    // Every column kind, one field the schema lacks (it goes to _siphon_extra) and none for "absent" in the CSV.
    private static readonly object? Schema = Json("""
        {"type":"object","properties":{
          "id":{"type":"integer"},"name":{"type":"string"},"score":{"type":"number"},"active":{"type":"boolean"},
          "seen":{"type":"string","format":"date-time"},"day":{"type":"string","format":"date"},"tags":{},"absent":{"type":"string"}}}
        """);

    private static readonly string[] Header = ["id", "name", "score", "active", "seen", "day", "tags", "note"];

    // Nulls, values a typed column cannot take ("x1" as an integer, "042" is not canonical), empty text, non-ASCII text.
    private static readonly string?[][] Rows =
    [
        ["1", "Ada", "1.5", "true", "2024-01-02T03:04:05Z", "2024-01-02", "a", "first"],
        ["2", null, null, null, null, null, null, null],
        ["x1", "Bob", "NaN", "maybe", "yesterday", "02/01/2024", "[1]", ""],
        ["042", "", "-0", "False", "2024-01-02 03:04:05.123+02:00", "2024-02-30", "{\"a\":1}", "ça va"],
        ["3", "Zoë \"quoted\"", "1e3", "true", "2024-01-02T03:04:05", "2024-12-31", "", null],
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_TextBatch_StoresTheRowsAndExtrasOfTheRecordsWrittenOneByOne(bool keyed)
    {
        var batch = Batch(Header, Rows);
        var key = keyed ? new[] { new[] { "id" } } : [];

        var expected = await WriteAsync("records.duckdb", Schema, key, async (destination, stream) =>
        {
            for (var i = 0; i < batch.Count; i++) await destination.WriteAsync(stream, batch.Materialize(i), ExtractedAt);
        });
        var actual = await WriteAsync("batch.duckdb", Schema, key, (destination, stream) => destination.WriteAsync(stream, batch, ExtractedAt));

        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Statistics, actual.Statistics);
        Assert.Contains(actual.Rows, row => row.Contains("\"note\":null"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_Utf8Batch_StoresTheRowsAndExtrasOfTheRecordsWrittenOneByOne(bool keyed)
    {
        var batch = await Utf8BatchAsync(Header, Rows);
        var key = keyed ? new[] { new[] { "id" } } : [];

        var expected = await WriteAsync("records.duckdb", Schema, key, async (destination, stream) =>
        {
            for (var i = 0; i < batch.Count; i++) await destination.WriteAsync(stream, batch.Materialize(i), ExtractedAt);
        });
        var actual = await WriteAsync("batch.duckdb", Schema, key, (destination, stream) => destination.WriteAsync(stream, batch, ExtractedAt));

        Assert.True(((ITextRows)batch).HoldsUtf8);
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Statistics, actual.Statistics);
    }

    [Fact]
    public async Task WriteAsync_TextBatchWithTheSameKeyTwice_KeepsTheLaterRowAsRecordsDo()
    {
        string?[][] rows =
        [
            ["1", "a1", null, null, null, null, null, null],
            ["2", "b1", null, null, null, null, null, null],
            ["1", "a2", null, null, null, null, null, null],
            ["3", "c1", null, null, null, null, null, null],
            ["1", "a3", null, null, null, null, null, null],
        ];
        var first = Batch(Header, rows[..2]);
        var second = Batch(Header, rows[2..]);

        var expected = await WriteAsync("records.duckdb", Schema, [["id"]], async (destination, stream) =>
        {
            foreach (var batch in new[] { first, second })
                for (var i = 0; i < batch.Count; i++) await destination.WriteAsync(stream, batch.Materialize(i), ExtractedAt);
        });
        var actual = await WriteAsync("batch.duckdb", Schema, [["id"]], async (destination, stream) =>
        {
            await destination.WriteAsync(stream, first, ExtractedAt);
            await destination.WriteAsync(stream, second, ExtractedAt);
        });

        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Statistics, actual.Statistics);
        Assert.Equal([[1L, "a3"], [2L, "b1"], [3L, "c1"]], _db.Query("SELECT id, name FROM users ORDER BY id", Path.Combine(_db.Directory, "batch.duckdb")));
    }

    [Fact]
    public async Task WriteAsync_TextBatchIntoATableTheSchemaWidened_FillsTheNewColumn()
    {
        var narrow = Json("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}""");
        var batch = Batch(Header, Rows);
        foreach (var file in new[] { "records.duckdb", "batch.duckdb" })
            await WriteAsync(file, narrow, [["id"]], (destination, stream) => destination.WriteAsync(stream, Batch(["id", "name"], [["9", "old"]]), ExtractedAt));

        var expected = await WriteAsync("records.duckdb", Schema, [["id"]], async (destination, stream) =>
        {
            for (var i = 0; i < batch.Count; i++) await destination.WriteAsync(stream, batch.Materialize(i), ExtractedAt);
        });
        var actual = await WriteAsync("batch.duckdb", Schema, [["id"]], (destination, stream) => destination.WriteAsync(stream, batch, ExtractedAt));

        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(2L, _db.Count("SELECT count(day) FROM users", Path.Combine(_db.Directory, "batch.duckdb")));
    }

    [Fact]
    public async Task WriteAsync_KeyedTextBatchAfterRecordsOfTheSameKeys_ReplacesThem()
    {
        var batch = Batch(Header, Rows);
        var actual = await WriteAsync("batch.duckdb", Schema, [["id"]], async (destination, stream) =>
        {
            await destination.WriteAsync(stream, Record(("id", 1L), ("name", "from a record")), ExtractedAt);
            await destination.WriteAsync(stream, batch, ExtractedAt);
        });

        Assert.Equal(["Ada"], _db.Query("SELECT name FROM users WHERE id = 1", Path.Combine(_db.Directory, "batch.duckdb")).Select(r => r[0]));
        Assert.Equal(1L, actual.Statistics.RowsReplaced);
    }

    [Fact]
    public async Task WriteAsync_TextRowsThatOnlyGiveStrings_StoreTheSameRowsAsATextBatch()
    {
        var expected = await WriteAsync("text.duckdb", Schema, [["id"]], (destination, stream) => destination.WriteAsync(stream, Batch(Header, Rows), ExtractedAt));
        var actual = await WriteAsync("strings.duckdb", Schema, [["id"]], (destination, stream) => destination.WriteAsync(stream, new StringRows(Header, Rows), ExtractedAt));

        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Statistics, actual.Statistics);
    }

    /// <summary>Rows with no characters to lend (as a UTF-8 batch): values come through the interface's default span accessor.</summary>
    private sealed class StringRows(string[] names, string?[][] rows) : ITextRows
    {
        public IReadOnlyList<string> Names => names;
        public int Count => rows.Length;
        public string? GetString(int row, int field) => rows[row][field];
    }

    /// <summary>The rows as a UTF-8 CSV body's batch (<see cref="Utf8Batch"/>): every value quoted, null written as \N.</summary>
    private static async Task<Utf8Batch> Utf8BatchAsync(string[] header, string?[][] rows)
    {
        static string Quoted(string? value) => value is null ? "\\N" : "\"" + value.Replace("\"", "\"\"") + "\"";
        var csv = string.Join(',', header) + "\n" + string.Concat(rows.Select(row => string.Join(',', row.Select(Quoted)) + "\n"));
        var decoder = new Siphon.Decoding.CsvDecoder(',', Siphon.Decoding.TextEncodings.StrictUtf8, ["\\N"]);
        var batches = new List<RecordBatch>();
        await foreach (var batch in decoder.DecodeBatchesAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), new Siphon.Decoding.DecodeContext("download"), CancellationToken.None))
            batches.Add(batch);
        return Assert.IsType<Utf8Batch>(Assert.Single(batches));
    }

    private static TextBatch Batch(string[] header, string?[][] rows)
    {
        var builder = new TextBatch.Builder(header);
        foreach (var row in rows)
            foreach (var value in row)
                if (value is null) builder.AddNull();
                else builder.Add(value);
        return builder.Build();
    }

    /// <summary>Writes a stream "users" into a file of its own, checkpoints and completes it; returns its rows as text and its statistics.</summary>
    private async Task<(List<string> Rows, DuckDbStreamStatistics Statistics)> WriteAsync(string file, object? schema, IReadOnlyList<IReadOnlyList<string>> key,
        Func<DuckDbDestination, string, ValueTask> write)
    {
        var path = Path.Combine(_db.Directory, file);
        DuckDbStreamStatistics statistics;
        await using (var destination = await DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = path, Threads = 1 }))
        {
            await destination.BeginStreamAsync(new StreamSpec("users", schema, key), fullRefresh: false);
            await write(destination, "users");
            await destination.CheckpointAsync("users", Record(("page", 1L)));
            await destination.CompleteStreamAsync("users");
            statistics = destination.Statistics.Single();
        }
        var rows = _db.Query("SELECT * FROM users ORDER BY ALL", path)
            .Select(row => string.Join(" | ", row.Select(v => v is null ? "NULL" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        return (rows, statistics);
    }
}
