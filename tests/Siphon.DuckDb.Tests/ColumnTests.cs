using Microsoft.Extensions.Time.Testing;
using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class ColumnTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    private static readonly object? AllTypes = Json("""
        {"type":"object","properties":{
          "id":{"type":"integer"},
          "name":{"type":["string","null"]},
          "score":{"type":"number"},
          "ratio":{"type":["integer","number","null"]},
          "active":{"type":"boolean"},
          "updated_at":{"type":"string","format":"date-time"},
          "birthday":{"type":["null","string"],"format":"date"},
          "address":{"type":"object","properties":{"city":{"type":"string"}}},
          "tags":{"type":"array","items":{"type":"string"}},
          "anything":{},
          "mixed":{"type":["string","integer"]},
          "count":{"type":"number","airbyte_type":"integer"}}}
        """);

    private async Task SyncAsync(StreamSpec spec, params Dictionary<string, object?>[] records)
    {
        await using var destination = await _db.OpenAsync(new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        await destination.BeginStreamAsync(spec, fullRefresh: false);
        foreach (var record in records) await destination.WriteAsync(spec.Name, record);
        await destination.CheckpointAsync(spec.Name, Record(("done", true)));
        await destination.CompleteStreamAsync(spec.Name);
    }

    [Fact]
    public async Task BeginStream_SchemaTypes_CreatesTypedColumnsInSchemaOrder()
    {
        await SyncAsync(new StreamSpec("things", AllTypes, []));

        var columns = _db.Query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'things' ORDER BY column_index")
            .Select(r => $"{r[0]} {r[1]}").ToList();
        Assert.Equal(
        [
            "id BIGINT", "name VARCHAR", "score DOUBLE", "ratio DOUBLE", "active BOOLEAN", "updated_at TIMESTAMP WITH TIME ZONE",
            "birthday DATE", "address JSON", "tags JSON", "anything JSON", "mixed JSON", "count BIGINT", "_siphon_extra JSON",
            "_siphon_extracted_at TIMESTAMP WITH TIME ZONE",
        ], columns);
    }

    [Fact]
    public async Task WriteAsync_ValuesOfEveryType_AreStoredTypedAndQueryable()
    {
        await SyncAsync(new StreamSpec("things", AllTypes, []), Record(
            ("id", 42L), ("name", "Zoë \"quoted\" 'single'"), ("score", 2.5), ("ratio", 3L), ("active", true),
            ("updated_at", "2024-02-29T23:59:58.123456+02:00"), ("birthday", "1990-07-14"),
            ("address", Json("""{"city":"Paris","zip":"75001"}""")), ("tags", Json("""["a","b"]""")),
            ("anything", 7L), ("mixed", "x")));

        var row = _db.Query("""
            SELECT id + 1, name, score * 2, ratio, NOT active,
                   strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f'), birthday + 1, address->>'$.city',
                   json_array_length(tags), CAST(anything AS VARCHAR), CAST(mixed AS VARCHAR), _siphon_extra,
                   strftime(_siphon_extracted_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S')
            FROM things
            """).Single();
        Assert.Equal(43L, row[0]);
        Assert.Equal("Zoë \"quoted\" 'single'", row[1]);
        Assert.Equal(5.0, row[2]);
        Assert.Equal(3.0, row[3]);
        Assert.Equal(false, row[4]);
        Assert.Equal("2024-02-29 21:59:58.123456", row[5]);
        Assert.Equal(new DateOnly(1990, 7, 15), row[6]);
        Assert.Equal("Paris", row[7]);
        Assert.Equal(2UL, Convert.ToUInt64(row[8]));
        Assert.Equal("7", row[9]);
        Assert.Equal("\"x\"", row[10]);
        Assert.Null(row[11]);
        Assert.Equal("2025-06-01 12:00:00", row[12]);
    }

    [Fact]
    public async Task WriteAsync_TextOfAnyLengthAndScript_IsStoredAsTheSameText()
    {
        var schema = Json("""{"type":"object","properties":{"n":{"type":"integer"},"s":{"type":"string"}}}""");
        string[] texts = ["", "plain", "Zoë, 東京, Ελλάδα", "surrogate pairs: 🦆 𝄞", new string('é', 5000) + "end"];
        await SyncAsync(new StreamSpec("texts", schema, []), texts.Select((text, i) => Record(("n", (long)i), ("s", text))).ToArray());

        var stored = _db.Query("SELECT s, length(s) FROM texts ORDER BY n");
        Assert.Equal(texts, stored.Select(row => (string)row[0]!));
        Assert.Equal(5003L, stored[^1][1]);
    }

    [Fact]
    public async Task WriteAsync_LosslessConversions_AreAccepted()
    {
        var schema = Json("""{"type":"object","properties":{"i":{"type":"integer"},"d":{"type":"number"},"b":{"type":"boolean"},"s":{"type":"string"},"t":{"type":"string","format":"date-time"}}}""");
        await SyncAsync(new StreamSpec("conv", schema, []),
            Record(("i", "123"), ("d", "1.5e3"), ("b", "TRUE"), ("s", 12L), ("t", "2024-01-02T03:04:05")),
            Record(("i", 7.0), ("d", 9L), ("b", false), ("s", true), ("t", "2024-01-02 03:04:05Z")));

        var rows = _db.Query("SELECT i, d, b, s, epoch(t), _siphon_extra FROM conv ORDER BY i");
        Assert.Equal([7L, 9.0, false, "true", 1704164645.0, null], rows[0]);
        Assert.Equal([123L, 1500.0, true, "12", 1704164645.0, null], rows[1]);
    }

    [Fact]
    public async Task WriteAsync_UnknownFields_GoToExtraColumnAsJson()
    {
        var schema = Json("""{"type":"object","properties":{"id":{"type":"integer"}}}""");
        await SyncAsync(new StreamSpec("people", schema, []),
            Record(("id", 1L), ("nickname", "Bob"), ("meta", Json("""{"a":[1,2,{"b":null}]}"""))),
            Record(("id", 2L)));

        var rows = _db.Query("SELECT id, _siphon_extra->>'$.nickname', _siphon_extra->'$.meta.a[2]', json_keys(_siphon_extra) FROM people ORDER BY id");
        Assert.Equal("Bob", rows[0][1]);
        Assert.Equal("""{"b":null}""", rows[0][2]?.ToString());
        Assert.Equal(["nickname", "meta"], ((System.Collections.IEnumerable)rows[0][3]!).Cast<object>().Select(o => o.ToString()));
        Assert.Null(rows[1][1]);
        Assert.Null(rows[1][3]);
    }

    [Fact]
    public async Task WriteAsync_BadValues_GoToExtraAndAreCountedWithoutFailing()
    {
        var schema = Json("""
            {"type":"object","properties":{"id":{"type":"integer"},"n":{"type":"integer"},"x":{"type":"number"},"ok":{"type":"boolean"},
              "at":{"type":"string","format":"date-time"},"day":{"type":"string","format":"date"},"s":{"type":"string"}}}
            """);
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("bad", schema, []), fullRefresh: false);
            await destination.WriteAsync("bad", Record(("id", 1L), ("n", "abc"), ("x", "NaN-ish"), ("ok", "yes"), ("at", "not a date"),
                ("day", "2024-13-45"), ("s", Json("""{"nested":true}"""))));
            await destination.WriteAsync("bad", Record(("id", 2L), ("n", 1.5), ("x", true), ("ok", 1L), ("at", 5L), ("day", "2024-01-02T00:00:00Z"), ("s", Json("[1]"))));
            await destination.WriteAsync("bad", Record(("id", 3L), ("n", "042"), ("x", null), ("ok", null), ("at", null), ("day", null), ("s", null)));
            await destination.CheckpointAsync("bad", Record(("c", 1L)));
            await destination.CompleteStreamAsync("bad");
            Assert.Equal(13, destination.Statistics.Single().ValuesRejected);
        }

        var rows = _db.Query("""SELECT id, n, x, ok, "at", day, s, CAST(_siphon_extra AS VARCHAR) FROM bad ORDER BY id""");
        Assert.All(rows, r => Assert.All(r[1..7], Assert.Null));
        Assert.Equal("""{"n":"abc","x":"NaN-ish","ok":"yes","at":"not a date","day":"2024-13-45","s":{"nested":true}}""", rows[0][7]);
        Assert.Equal("""{"n":1.5,"x":true,"ok":1,"at":5,"day":"2024-01-02T00:00:00Z","s":[1]}""", rows[1][7]);
        // Explicit nulls are nulls, not bad values; "042" is not the canonical integer 42, so it is kept as text.
        Assert.Equal("""{"n":"042"}""", rows[2][7]);
    }

    [Fact]
    public async Task BeginStream_SchemaGainsColumnOnLaterSync_AltersTableAndKeepsOldRows()
    {
        var v1 = Json("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}""");
        var v2 = Json("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"},"age":{"type":"integer"},"since":{"type":"string","format":"date"}}}""");
        await SyncAsync(new StreamSpec("people", v1, [["id"]]), Record(("id", 1L), ("name", "a"), ("age", 30L)));
        await SyncAsync(new StreamSpec("people", v2, [["id"]]), Record(("id", 2L), ("name", "b"), ("age", 40L), ("since", "2020-01-01")));

        var types = _db.Query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'people' AND column_name IN ('age', 'since') ORDER BY column_name");
        Assert.Equal([["age", "BIGINT"], ["since", "DATE"]], types.Select(r => r.Cast<string>().ToArray()));
        var rows = _db.Query("SELECT id, age, CAST(_siphon_extra AS VARCHAR) FROM people ORDER BY id");
        Assert.Equal([1L, null, """{"age":30}"""], rows[0]); // before the column existed, age was kept as an extra field
        Assert.Equal([2L, 40L, null], rows[1]);
    }

    [Fact]
    public async Task BeginStream_SchemaChangesColumnType_KeepsExistingTypeAndRoutesMisfitsToExtra()
    {
        var v1 = Json("""{"type":"object","properties":{"code":{"type":"integer"}}}""");
        var v2 = Json("""{"type":"object","properties":{"code":{"type":"string"}}}""");
        await SyncAsync(new StreamSpec("codes", v1, []), Record(("code", 1L)));
        await SyncAsync(new StreamSpec("codes", v2, []), Record(("code", "A7")), Record(("code", "8")));

        Assert.Equal("BIGINT", _db.Scalar("SELECT data_type FROM duckdb_columns() WHERE table_name = 'codes' AND column_name = 'code'"));
        var rows = _db.Query("SELECT code, CAST(_siphon_extra AS VARCHAR) FROM codes ORDER BY rowid");
        Assert.Equal([[1L, null], [null, """{"code":"A7"}"""], [8L, null]], rows);
    }

    [Fact]
    public async Task BeginStream_PropertiesDifferingOnlyInCase_SecondGoesToExtra()
    {
        var schema = Json("""{"type":"object","properties":{"Id":{"type":"integer"},"id":{"type":"string"},"we\"ird col":{"type":"string"},"":{"type":"string"}}}""");
        await SyncAsync(new StreamSpec("cased", schema, []), Record(("Id", 1L), ("id", "one"), ("we\"ird col", "ok"), ("", "empty")));

        var row = _db.Query("SELECT \"Id\", \"we\"\"ird col\", CAST(_siphon_extra AS VARCHAR) FROM cased").Single();
        Assert.Equal([1L, "ok", """{"id":"one","":"empty"}"""], row);
    }
}
