using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class UpsertTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    private static readonly object? Schema = Json("""
        {"type":"object","properties":{"id":{"type":"integer"},"region":{"type":"string"},"name":{"type":"string"},"updated":{"type":"integer"}}}
        """);

    [Fact]
    public async Task CheckpointAsync_PrimaryKey_ReplacesRowsAcrossBatchesAndKeepsLatestWithinBatch()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            await destination.WriteAsync("users", Record(("id", 1L), ("name", "a1")));
            await destination.WriteAsync("users", Record(("id", 2L), ("name", "b1")));
            await destination.CheckpointAsync("users", Record(("page", 1L)));
            await destination.WriteAsync("users", Record(("id", 1L), ("name", "a2")));
            await destination.WriteAsync("users", Record(("id", 3L), ("name", "c1")));
            await destination.WriteAsync("users", Record(("id", 1L), ("name", "a3"))); // same key twice in one batch: the later wins
            await destination.CheckpointAsync("users", Record(("page", 2L)));
            await destination.CompleteStreamAsync("users");

            var statistics = destination.Statistics.Single();
            Assert.Equal((5L, 4L, 1L, 1L, 2L, 2L), (statistics.RecordsReceived, statistics.RowsCommitted, statistics.RowsReplaced,
                statistics.RowsDeduplicated, statistics.Batches, statistics.Checkpoints));
        }

        Assert.Equal([[1L, "a3"], [2L, "b1"], [3L, "c1"]], _db.Query("SELECT id, name FROM users ORDER BY id"));
    }

    [Fact]
    public async Task WriteAsync_MoreRowsThanOneMergeBeforeACheckpoint_LatestRowPerKeyWinsAndNothingShowsUntilTheCheckpoint()
    {
        var rows = StreamTable.MergeEveryRows;
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (long id = 0; id < rows; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "v1")));
            // The merge above ran inside the open transaction: the table still shows nothing.
            Assert.Equal(0L, _db.Count("SELECT count(*) FROM users"));
            for (long id = 0; id < 10; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "v2")));
            await destination.CheckpointAsync("users", Record(("page", 1L)));
            await destination.CompleteStreamAsync("users");
            Assert.Equal(rows + 10, destination.Statistics.Single().RecordsReceived);
        }

        Assert.Equal(rows, _db.Count("SELECT count(*) FROM users"));
        Assert.Equal(10L, _db.Count("SELECT count(*) FROM users WHERE name = 'v2'"));
        Assert.Equal(0L, _db.Count("SELECT count(*) FROM users WHERE id < 10 AND name = 'v1'"));
    }

    [Fact]
    public async Task DisposeAsync_AfterAMergeWithoutCheckpoint_LeavesNoRows()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (long id = 0; id < StreamTable.MergeEveryRows + 5; id++)
                await destination.WriteAsync("users", Record(("id", id), ("name", "v1")));
        }

        Assert.Equal(0L, _db.Count("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task WriteAsync_SameNewKeyThriceInOneBatch_KeepsOnlyTheLastRow()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            // The first goes straight to the new table (its key is new), the later two through staging and the merge.
            foreach (var name in new[] { "a", "b", "c" }) await destination.WriteAsync("users", Record(("id", 7L), ("name", name)));
            await destination.WriteAsync("users", Record(("id", 8L), ("name", "x")));
            await destination.CheckpointAsync("users", Record(("n", 1L)));
        }

        Assert.Equal([[7L, "c"], [8L, "x"]], _db.Query("SELECT id, name FROM users ORDER BY id"));
    }

    [Fact]
    public async Task WriteAsync_KeyAsNumberThenAsText_IsOneKeyAsTheColumnStoresIt()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("by_region", Schema, [["region"]]), fullRefresh: false);
            await destination.BeginStreamAsync(new StreamSpec("by_id", Schema, [["id"]]), fullRefresh: false);
            await destination.WriteAsync("by_region", Record(("region", 42L), ("name", "number")));
            await destination.WriteAsync("by_region", Record(("region", "42"), ("name", "text")));
            await destination.WriteAsync("by_id", Record(("id", "42"), ("name", "text")));
            await destination.WriteAsync("by_id", Record(("id", 42L), ("name", "number")));
            await destination.CompleteStreamAsync("by_region");
            await destination.CompleteStreamAsync("by_id");
        }

        Assert.Equal([["42", "text"]], _db.Query("SELECT region, name FROM by_region"));
        Assert.Equal([[42L, "number"]], _db.Query("SELECT id, name FROM by_id"));
    }

    [Fact]
    public async Task WriteAsync_NewKeyFilterFull_StillKeepsTheLatestRowOfEveryKey()
    {
        var options = new DuckDbDestinationOptions { Path = _db.Path, Threads = 1, NewKeyCapacity = 2 };
        await using (var destination = await DuckDbDestination.OpenAsync(options))
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (var round = 1; round <= 2; round++)
            {
                for (var id = 1L; id <= 5; id++) await destination.WriteAsync("users", Record(("id", id), ("name", $"v{round}")));
                await destination.CheckpointAsync("users", Record(("round", (long)round)));
            }
            await destination.WriteAsync("users", Record(("id", 9L), ("name", "v1")));
            await destination.WriteAsync("users", Record(("id", 9L), ("name", "v2")));
            await destination.CompleteStreamAsync("users");
        }

        Assert.Equal([[1L, "v2"], [2L, "v2"], [3L, "v2"], [4L, "v2"], [5L, "v2"], [9L, "v2"]], _db.Query("SELECT id, name FROM users ORDER BY id"));
    }

    [Fact]
    public async Task CheckpointAsync_ExistingTable_ReplacesRowsWhetherOrNotTheBatchRepeatsAKey()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (var id = 1L; id <= 4; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "old")));
            await destination.CompleteStreamAsync("users");
        }

        // The table exists now, so every row is staged: one batch repeats no key (no window), the next repeats one.
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            await destination.WriteAsync("users", Record(("id", 1L), ("name", "new")));
            await destination.WriteAsync("users", Record(("id", 5L), ("name", "new")));
            await destination.CheckpointAsync("users", Record(("n", 1L)));
            await destination.WriteAsync("users", Record(("id", 2L), ("name", "newer?")));
            await destination.WriteAsync("users", Record(("id", 2L), ("name", "newest")));
            await destination.CheckpointAsync("users", Record(("n", 2L)));
            var statistics = destination.Statistics.Single();
            Assert.Equal((3L, 2L, 1L), (statistics.RowsCommitted, statistics.RowsReplaced, statistics.RowsDeduplicated));
        }

        Assert.Equal([[1L, "new"], [2L, "newest"], [3L, "old"], [4L, "old"], [5L, "new"]], _db.Query("SELECT id, name FROM users ORDER BY id"));
    }

    [Fact]
    public async Task CheckpointAsync_CompositePrimaryKey_UpsertsOnAllParts()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["region"], ["id"]]), fullRefresh: false);
            await destination.WriteAsync("users", Record(("id", 1L), ("region", "eu"), ("name", "eu-1 v1")));
            await destination.WriteAsync("users", Record(("id", 1L), ("region", "us"), ("name", "us-1 v1")));
            await destination.WriteAsync("users", Record(("id", 2L), ("region", "eu"), ("name", "eu-2 v1")));
            await destination.CheckpointAsync("users", Record(("n", 1L)));
            await destination.WriteAsync("users", Record(("id", 1L), ("region", "us"), ("name", "us-1 v2")));
            await destination.WriteAsync("users", Record(("id", 2L), ("region", null), ("name", "null-2 v1")));
            await destination.WriteAsync("users", Record(("id", 2L), ("name", "null-2 v2"))); // a missing key part matches a null one
            await destination.CheckpointAsync("users", Record(("n", 2L)));
            await destination.CompleteStreamAsync("users");
        }

        Assert.Equal(
            [["eu", 1L, "eu-1 v1"], ["eu", 2L, "eu-2 v1"], ["us", 1L, "us-1 v2"], [null, 2L, "null-2 v2"]],
            _db.Query("SELECT region, id, name FROM users ORDER BY region NULLS LAST, id"));
    }

    [Fact]
    public async Task CheckpointAsync_NestedPrimaryKeyInObjectField_UpsertsOnTheNestedValue()
    {
        var schema = Json("""{"type":"object","properties":{"ref":{"type":"object"},"v":{"type":"integer"}}}""");
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("refs", schema, [["ref", "id"]]), fullRefresh: false);
            await destination.WriteAsync("refs", Record(("ref", Json("""{"id":"x","kind":"a"}""")), ("v", 1L)));
            await destination.WriteAsync("refs", Record(("ref", Json("""{"id":"y"}""")), ("v", 1L)));
            await destination.CheckpointAsync("refs", Record(("n", 1L)));
            await destination.WriteAsync("refs", Record(("ref", Json("""{"id":"x","kind":"b"}""")), ("v", 2L)));
            await destination.CheckpointAsync("refs", Record(("n", 2L)));
        }

        Assert.Equal([["x", 2L], ["y", 1L]], _db.Query("SELECT ref->>'$.id', v FROM refs ORDER BY 1"));
    }

    [Fact]
    public async Task BeginStreamAsync_KeyFieldMissingFromSchema_AddsAJsonColumnForIt()
    {
        var schema = Json("""{"type":"object","properties":{"name":{"type":"string"}}}""");
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("things", schema, [["key"]]), fullRefresh: false);
            await destination.WriteAsync("things", Record(("key", "k1"), ("name", "old")));
            await destination.CheckpointAsync("things", Record(("n", 1L)));
            await destination.WriteAsync("things", Record(("key", "k1"), ("name", "new")));
            await destination.CheckpointAsync("things", Record(("n", 2L)));
        }

        Assert.Equal([["k1", "new"]], _db.Query("SELECT key->>'$', name FROM things"));
    }

    [Fact]
    public async Task BeginStreamAsync_NestedKeyThroughNonJsonColumn_Throws()
    {
        await using var destination = await _db.OpenAsync();
        var error = await Assert.ThrowsAsync<DuckDbDestinationException>(() =>
            destination.BeginStreamAsync(new StreamSpec("users", Schema, [["name", "first"]]), fullRefresh: false));
        Assert.Contains("'name.first'", error.Message);
    }

    [Fact]
    public async Task CheckpointAsync_NoPrimaryKey_AppendsEveryRecord()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("events", Schema, []), fullRefresh: false);
            for (var batch = 0; batch < 3; batch++)
            {
                await destination.WriteAsync("events", Record(("id", 1L), ("name", "same")));
                await destination.WriteAsync("events", Record(("id", 1L), ("name", "same")));
                await destination.CheckpointAsync("events", Record(("batch", (long)batch)));
            }
            await destination.CompleteStreamAsync("events");
            Assert.Equal((6L, 0L, 3L), (destination.Statistics[0].RowsCommitted, destination.Statistics[0].RowsReplaced, destination.Statistics[0].Batches));
        }

        Assert.Equal(6L, _db.Count("SELECT count(*) FROM events WHERE id = 1 AND name = 'same'"));
    }

    [Fact]
    public async Task Sync_SecondIncrementalSyncResumingFromState_LeavesNoDuplicates()
    {
        // First sync: pages 1 and 2 of an API, with the cursor as state.
        await using (var destination = await _db.OpenAsync())
        {
            Assert.Empty(await destination.ReadStateAsync());
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (var id = 1L; id <= 4; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "v1"), ("updated", id)));
            await destination.CheckpointAsync("users", Record(("cursor", 4L)));
            await destination.CompleteStreamAsync("users");
        }

        // Second sync: resumes from the stored cursor; the API re-sends the boundary record (cursor >= 4) and an update.
        await using (var destination = await _db.OpenAsync())
        {
            var state = (Dictionary<string, object?>)(await destination.ReadStateAsync())["users"]!;
            var cursor = (long)state["cursor"]!;
            Assert.Equal(4L, cursor);
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            await destination.WriteAsync("users", Record(("id", 4L), ("name", "v1"), ("updated", 4L)));
            await destination.WriteAsync("users", Record(("id", 2L), ("name", "v2"), ("updated", 5L)));
            await destination.WriteAsync("users", Record(("id", 5L), ("name", "v1"), ("updated", 6L)));
            await destination.CheckpointAsync("users", Record(("cursor", 6L)));
            await destination.CompleteStreamAsync("users");
        }

        Assert.Equal(
            [[1L, "v1"], [2L, "v2"], [3L, "v1"], [4L, "v1"], [5L, "v1"]],
            _db.Query("SELECT id, name FROM users ORDER BY id"));
        Assert.Equal("""{"cursor":6}""", _db.Scalar("SELECT CAST(state AS VARCHAR) FROM _siphon_state WHERE stream = 'users'"));
    }
}
