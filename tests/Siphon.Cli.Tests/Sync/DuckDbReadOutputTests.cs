using DuckDB.NET.Data;
using Siphon.Cli.Sync;
using Siphon.DuckDb;
using Siphon.Records;
using Siphon.Runs;
using Siphon.Values;

namespace Siphon.Cli.Tests.Sync;

/// <summary>The sync's writer task: records cross to it in batches, and a state returns only once it is committed.</summary>
public sealed class DuckDbReadOutputTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("siphon-output-").FullName;
    private string Database => Path.Combine(_directory, "sync.duckdb");
    private static readonly object? Schema = JsonValues.Parse("""{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}""");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task StateAsync_AfterRecordsSpanningSeveralBatches_ReturnsWithTheStateAndEveryRecordCommitted()
    {
        var records = DuckDbReadOutput.BatchSize * 2 + 17;
        await using (var destination = await OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            await using var output = new DuckDbReadOutput(destination, Progress("users"));
            for (var id = 0L; id < records; id++) await output.RecordAsync("users", Row(id, "v1"), CancellationToken.None);
            await output.StateAsync("users", new Dictionary<string, object?> { ["page"] = 1L }, CancellationToken.None);

            // Read through the destination right away: had the state been queued rather than committed, it would be missing.
            var saved = await destination.ReadStateAsync();
            Assert.Equal("""{"page":1}""", JsonValues.ToJson(saved["users"]));
        }

        Assert.Equal((long)records, Count("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task DisposeAsync_RecordsAfterTheLastState_AreNotCommitted()
    {
        await using (var destination = await OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, []), fullRefresh: false);
            await using (var output = new DuckDbReadOutput(destination, Progress("users")))
            {
                await output.RecordAsync("users", Row(1, "committed"), CancellationToken.None);
                await output.StateAsync("users", new Dictionary<string, object?> { ["page"] = 1L }, CancellationToken.None);
                for (var id = 2L; id < 3000; id++) await output.RecordAsync("users", Row(id, "lost"), CancellationToken.None);
            }
        }

        Assert.Equal(1L, Count("SELECT count(*) FROM users"));
        Assert.Equal(0L, Count("SELECT count(*) FROM users WHERE name = 'lost'"));
    }

    [Fact]
    public async Task StateAsync_TheWriterFailedOnThatStream_ThrowsTheDestinationsError()
    {
        await using var destination = await OpenAsync();
        await using var output = new DuckDbReadOutput(destination, Progress("ghost"));
        await output.RecordAsync("ghost", Row(1, "x"), CancellationToken.None); // the stream never began: the writer fails
        var error = await Assert.ThrowsAsync<DuckDbDestinationException>(
            () => output.StateAsync("ghost", new Dictionary<string, object?> { ["page"] = 1L }, CancellationToken.None).AsTask());
        Assert.Contains("'ghost' has not begun", error.Message);
        await Assert.ThrowsAsync<DuckDbDestinationException>(() => output.RecordAsync("ghost", Row(2, "y"), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task StreamStatusAsync_Complete_CommitsTheRecordsOfTheLastBatch()
    {
        await using (var destination = await OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, []), fullRefresh: false);
            await using var output = new DuckDbReadOutput(destination, Progress("users"));
            for (var id = 0L; id < 10; id++) await output.RecordAsync("users", Row(id, "v"), CancellationToken.None);
            await output.StreamStatusAsync("users", StreamStatus.Complete, CancellationToken.None);
        }

        Assert.Equal(10L, Count("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task RecordsAsync_ACheckpointSplittingATextBatch_CommitsTheRowsBeforeItWithItsStateAndNoneAfter()
    {
        var batch = TextRows(1, 10, "v1");
        await using (var destination = await OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            await using var output = new DuckDbReadOutput(destination, Progress("users"));
            // The read loop slices a batch where a checkpoint falls: the rows before the state, the state, then the rest.
            await output.RecordsAsync("users", batch.Slice(0, 4), CancellationToken.None);
            await output.StateAsync("users", new Dictionary<string, object?> { ["row"] = 4L }, CancellationToken.None);
            await output.RecordsAsync("users", batch.From(4), CancellationToken.None);
        }

        Assert.Equal([1L, 2L, 3L, 4L], Query("SELECT id FROM users ORDER BY id"));
        Assert.Equal(["""{"row":4}"""], Query("SELECT CAST(state AS VARCHAR) FROM _siphon_state"));
    }

    [Fact]
    public async Task RecordsAsync_TextBatchesRecordsAndOtherBatches_StoreEveryRowInOrderLatestPerKey()
    {
        await using (var destination = await OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("users", Schema, [["id"]]), fullRefresh: false);
            await using var output = new DuckDbReadOutput(destination, Progress("users"));
            await output.RecordAsync("users", Row(1, "record"), CancellationToken.None);
            await output.RecordsAsync("users", TextRows(1, 3, "text"), CancellationToken.None);
            await output.RecordsAsync("users", new DictionaryBatch([Row(3, "dictionary"), Row(4, "dictionary")]), CancellationToken.None);
            await output.RecordAsync("users", Row(4, "record"), CancellationToken.None);
            await output.StreamStatusAsync("users", StreamStatus.Complete, CancellationToken.None);
        }

        Assert.Equal(["1 text", "2 text", "3 dictionary", "4 record"], Query("SELECT id || ' ' || name FROM users ORDER BY id"));
    }

    /// <summary>A CSV body's batch: rows <paramref name="first"/> to <paramref name="last"/> as text, ids and names.</summary>
    private static TextBatch TextRows(long first, long last, string name)
    {
        var builder = new TextBatch.Builder(["id", "name"]);
        for (var id = first; id <= last; id++)
        {
            builder.Add(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.Add(name);
        }
        return builder.Build();
    }

    private List<object?> Query(string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<object?>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }

    private Task<DuckDbDestination> OpenAsync() => DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = Database, Threads = 1 });

    private static SyncProgress Progress(string stream)
    {
        var progress = new SyncProgress(TextWriter.Null, TimeProvider.System);
        progress.Add(stream);
        return progress;
    }

    private static Dictionary<string, object?> Row(long id, string name) => new(StringComparer.Ordinal) { ["id"] = id, ["name"] = name };

    private long Count(string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={Database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
