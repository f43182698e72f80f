using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class FullRefreshTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    private static readonly object? Schema = Json("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}""");
    private static readonly object? NewSchema = Json("""{"type":"object","properties":{"id":{"type":"string"},"label":{"type":"string"}}}""");

    private async Task SeedAsync()
    {
        await using var destination = await _db.OpenAsync();
        await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
        for (var id = 1L; id <= 3; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "old")));
        await destination.CheckpointAsync("users", Record(("cursor", "old")));
        await destination.CompleteStreamAsync("users");
    }

    [Fact]
    public async Task CompleteStreamAsync_FullRefresh_ReplacesTableSchemaRowsAndState()
    {
        await SeedAsync();
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", NewSchema, [["id"]]), fullRefresh: true);
            await destination.WriteAsync("users", Record(("id", "a"), ("label", "new")));
            await destination.CheckpointAsync("users", Record(("cursor", "mid")));
            await destination.WriteAsync("users", Record(("id", "b"), ("label", "new")));
            await destination.WriteAsync("users", Record(("id", "a"), ("label", "newer")));
            await destination.CheckpointAsync("users", Record(("cursor", "new")));
            await destination.CompleteStreamAsync("users");
            var statistics = destination.Statistics.Single();
            Assert.Equal((2L, 4L), (statistics.RowsCommitted - 1, statistics.RowsReplaced)); // 3 old rows dropped + "a" replaced once
        }

        Assert.Equal([["a", "newer"], ["b", "new"]], _db.Query("SELECT id, label FROM users ORDER BY id"));
        Assert.Equal("VARCHAR", _db.Scalar("SELECT data_type FROM duckdb_columns() WHERE table_name = 'users' AND column_name = 'id'"));
        Assert.Equal(0L, _db.Count("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'users' AND column_name = 'name'"));
        Assert.Equal("""{"cursor":"new"}""", _db.Scalar("SELECT CAST(state AS VARCHAR) FROM _siphon_state WHERE stream = 'users'"));
        Assert.Equal(0L, _db.Count("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_siphon_refresh%'"));
    }

    [Fact]
    public async Task DisposeAsync_FullRefreshInterruptedAfterCheckpoints_LeavesOldTableAndStateIntact()
    {
        await SeedAsync();
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", NewSchema, []), fullRefresh: true);
            for (var i = 0; i < 10_000; i++) await destination.WriteAsync("users", Record(("id", "n" + i)));
            await destination.CheckpointAsync("users", Record(("cursor", "mid")));
            await destination.WriteAsync("users", Record(("id", "last")));
            // No CompleteStreamAsync: the sync died here.
        }

        Assert.Equal([[1L, "old"], [2L, "old"], [3L, "old"]], _db.Query("SELECT id, name FROM users ORDER BY id"));
        Assert.Equal("""{"cursor":"old"}""", _db.Scalar("SELECT CAST(state AS VARCHAR) FROM _siphon_state WHERE stream = 'users'"));
        Assert.Equal(0L, _db.Count("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_siphon_refresh%'"));
    }

    [Fact]
    public async Task CompleteStreamAsync_FullRefreshWithoutState_ClearsTheOldState()
    {
        await SeedAsync();
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, []), fullRefresh: true);
            await destination.WriteAsync("users", Record(("id", 9L), ("name", "only")));
            await destination.CompleteStreamAsync("users");
        }

        Assert.Equal([[9L, "only"]], _db.Query("SELECT id, name FROM users"));
        Assert.Equal(0L, _db.Count("SELECT count(*) FROM _siphon_state"));
    }

    [Fact]
    public async Task CompleteStreamAsync_FullRefreshOfNewStream_CreatesTheTable()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("fresh", Schema, []), fullRefresh: true);
            await destination.CompleteStreamAsync("fresh");
        }

        Assert.Equal(0L, _db.Count("SELECT count(*) FROM fresh"));
    }

    [Fact]
    public async Task BeginStreamAsync_LeftoverFromCrashedFullRefresh_IsDiscarded()
    {
        await SeedAsync();
        await using (var destination = await _db.OpenAsync())
        {
            // What a crash mid-refresh leaves behind (a clean dispose would have dropped it).
            await destination.BeginStreamAsync(new StreamSpec("other", Schema, []), fullRefresh: false);
        }
        _db.Query("CREATE TABLE _siphon_refresh_users AS SELECT 'stale' AS id, 'stale' AS label");

        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", NewSchema, []), fullRefresh: true);
            await destination.WriteAsync("users", Record(("id", "x"), ("label", "fresh")));
            await destination.CompleteStreamAsync("users");
        }

        Assert.Equal([["x", "fresh"]], _db.Query("SELECT id, label FROM users"));
    }
}
