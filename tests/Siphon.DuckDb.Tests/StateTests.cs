using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class StateTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    private static readonly object? Schema = Json("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}""");

    [Fact]
    public async Task ReadStateAsync_AfterReopen_ReturnsEachStreamsLastCommittedState()
    {
        var jobState = Json("""
            {"cursor":"2024-05-01T00:00:00Z","partitions":[{"slice":{"start":"2024-01-01"},"job":{"id":"job-17","attempt":2,"done":false}}],
             "ratio":0.25,"nothing":null,"text":"Zoë's \"quoted\" ✓"}
            """)!;
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("a", Schema, []), fullRefresh: false);
            await destination.BeginStreamAsync(new StreamSpec("b", Schema, [["id"]]), fullRefresh: false);
            await destination.CheckpointAsync("a", Record(("cursor", 1L)));
            await destination.CheckpointAsync("a", jobState); // a state-only checkpoint, as when an async job is created
            await destination.WriteAsync("b", Record(("id", 1L)));
            await destination.CheckpointAsync("b", Record(("page", 9L)));
        }

        await using (var destination = await _db.OpenAsync())
        {
            var states = await destination.ReadStateAsync();
            Assert.Equal(["a", "b"], states.Keys.Order());
            Assert.Equal(Siphon.Values.JsonValues.ToJson(jobState), Siphon.Values.JsonValues.ToJson(states["a"]));
            Assert.Equal("""{"page":9}""", Siphon.Values.JsonValues.ToJson(states["b"]));
        }
        Assert.Equal("job-17", _db.Scalar("SELECT state->>'$.partitions[0].job.id' FROM _siphon_state WHERE stream = 'a'"));
        Assert.Equal(2L, _db.Count("SELECT count(*) FROM _siphon_state WHERE updated_at IS NOT NULL"));
    }

    [Fact]
    public async Task DisposeAsync_WithoutCheckpoint_LeavesNoPartialBatchAndKeepsPreviousState()
    {
        foreach (var key in new IReadOnlyList<string>[][] { [], [["id"]] })
        {
            using var db = new DuckDbFixture();
            await using (var destination = await db.OpenAsync())
            {
                await destination.BeginStreamAsync(new StreamSpec("users", Schema, key), fullRefresh: false);
                await destination.WriteAsync("users", Record(("id", 1L), ("name", "committed")));
                await destination.CheckpointAsync("users", Record(("cursor", 1L)));
                // Enough rows for DuckDB to flush appender chunks and write row groups: none may become visible.
                for (var id = 2L; id < 300_000; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "lost")));
            }

            Assert.Equal([[1L, "committed"]], db.Query("SELECT id, name FROM users"));
            await using (var destination = await db.OpenAsync())
                Assert.Equal("""{"cursor":1}""", Siphon.Values.JsonValues.ToJson((await destination.ReadStateAsync())["users"]));
        }
    }

    [Fact]
    public async Task Checkpoint_FileCopiedMidBatchLikeACrash_ShowsExactlyTheCommittedRowsAndState()
    {
        var snapshot = Path.Combine(_db.Directory, "crashed");
        Directory.CreateDirectory(snapshot);
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("events", Schema, []), fullRefresh: false);
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (var id = 0L; id < 50_000; id++)
            {
                await destination.WriteAsync("events", Record(("id", id)));
                await destination.WriteAsync("users", Record(("id", id % 1000), ("name", "v" + id)));
            }
            await destination.CheckpointAsync("events", Record(("n", 50_000L)));
            await destination.CheckpointAsync("users", Record(("n", 50_000L)));
            for (var id = 50_000L; id < 200_000; id++)
            {
                await destination.WriteAsync("events", Record(("id", id)));
                await destination.WriteAsync("users", Record(("id", id % 5000), ("name", "v" + id)));
            }

            // What a power cut leaves on disk right now: the database file and its write-ahead log.
            foreach (var file in Directory.GetFiles(_db.Directory, "sync.duckdb*"))
                File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)));
        }

        var copy = Path.Combine(snapshot, "sync.duckdb");
        Assert.Equal(50_000L, _db.Count("SELECT count(*) FROM events", copy));
        Assert.Equal(50_000L, _db.Count("SELECT max(id) + 1 FROM events", copy));
        Assert.Equal(1000L, _db.Count("SELECT count(*) FROM users", copy));
        Assert.Equal(49_999L, _db.Count("SELECT max(CAST(substr(name, 2) AS BIGINT)) FROM users", copy));
        Assert.Equal(2L, _db.Count("SELECT count(*) FROM _siphon_state WHERE state->>'$.n' = '50000'", copy));
    }

    [Fact]
    public async Task DisposeAsync_AfterSync_LeavesOneSelfContainedFileThatAFreshDatabaseReads()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            for (var id = 0L; id < 1000; id++) await destination.WriteAsync("users", Record(("id", id), ("name", "n" + id)));
            await destination.CheckpointAsync("users", Record(("cursor", 999L)));
            await destination.CompleteStreamAsync("users");
        }

        // Closing checkpoints the write-ahead log into the file: the file alone, moved anywhere, is the whole result.
        Assert.False(File.Exists(_db.Path + ".wal"));
        var moved = Path.Combine(_db.Directory, "moved.duckdb");
        File.Copy(_db.Path, moved);
        Assert.Equal([[1000L, 499500L]], _db.Query("SELECT count(*), CAST(sum(id) AS BIGINT) FROM users", moved));
        Assert.Equal("""{"cursor":999}""", _db.Scalar("SELECT CAST(state AS VARCHAR) FROM _siphon_state", moved));
        Assert.Equal(0L, _db.Count("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_siphon_staging%' OR temporary", moved));
    }

    [Fact]
    public async Task CompleteStreamAsync_RowsAfterLastCheckpoint_AreCommittedWithTheLastState()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, []), fullRefresh: false);
            await destination.WriteAsync("users", Record(("id", 1L)));
            await destination.CheckpointAsync("users", Record(("cursor", 1L)));
            await destination.WriteAsync("users", Record(("id", 2L)));
            await destination.CompleteStreamAsync("users");
            await Assert.ThrowsAsync<DuckDbDestinationException>(async () => await destination.WriteAsync("users", Record(("id", 3L))));
        }

        Assert.Equal(2L, _db.Count("SELECT count(*) FROM users"));
        Assert.Equal("""{"cursor":1}""", _db.Scalar("SELECT CAST(state AS VARCHAR) FROM _siphon_state"));
    }

    [Fact]
    public async Task WriteAsync_StreamNotBegun_Throws()
    {
        await using var destination = await _db.OpenAsync();
        var error = await Assert.ThrowsAsync<DuckDbDestinationException>(async () => await destination.WriteAsync("nope", Record(("id", 1L))));
        Assert.Contains("'nope' has not begun", error.Message);
    }

    [Fact]
    public async Task WriteAsync_ConcurrentStreamsFromManyTasks_CommitIndependently()
    {
        await using (var destination = await _db.OpenAsync())
        {
            var streams = Enumerable.Range(0, 4).Select(i => "stream" + i).ToList();
            foreach (var stream in streams) await destination.BeginStreamAsync(new StreamSpec(stream, Schema, stream == "stream0" ? [] : [["id"]]), fullRefresh: false);
            await Task.WhenAll(streams.Select(stream => Task.Run(async () =>
            {
                for (var slice = 0L; slice < 5; slice++)
                {
                    for (var id = 0L; id < 1000; id++) await destination.WriteAsync(stream, Record(("id", slice * 1000 + id), ("name", stream)));
                    await destination.CheckpointAsync(stream, Record(("slice", slice)));
                }
                // A last, uncommitted slice that must not appear.
                for (var id = 0L; id < 500; id++) await destination.WriteAsync(stream, Record(("id", -1L - id), ("name", stream)));
            })));
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal([[5000L, 0L, 4999L]], _db.Query($"SELECT count(*), min(id), max(id) FROM stream{i}"));
        }
        Assert.Equal(4L, _db.Count("SELECT count(*) FROM _siphon_state WHERE state->>'$.slice' = '4'"));
    }
}
