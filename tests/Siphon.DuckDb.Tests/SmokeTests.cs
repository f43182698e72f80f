using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class SmokeTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Smoke()
    {
        var schema = Json("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":["string","null"]},"at":{"type":"string","format":"date-time"},"d":{"type":"string","format":"date"},"tags":{"type":"array"},"ok":{"type":"boolean"},"x":{"type":"number"}}}""");
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("Users", schema, [["id"]]), fullRefresh: false);
            await destination.WriteAsync("Users", Record(("id", 1L), ("name", "a"), ("at", "2024-01-02T03:04:05Z"), ("d", "2024-01-02"), ("tags", new List<object?> { "x" }), ("ok", true), ("x", 1.5), ("more", 3L)));
            await destination.WriteAsync("Users", Record(("id", 1L), ("name", "b")));
            await destination.CheckpointAsync("Users", Record(("cursor", "2024")));
            await destination.WriteAsync("Users", Record(("id", 1L), ("name", "c")));
            await destination.CheckpointAsync("Users", Record(("cursor", "2025")));
            await destination.CompleteStreamAsync("Users");
        }
        var rows = _db.Query("SELECT id, name, CAST(_siphon_extra AS VARCHAR) FROM users");
        Assert.Single(rows);
        Assert.Equal("c", rows[0][1]);
        var types = _db.Query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'users'");
        Assert.Equal(9, types.Count);
    }
}
