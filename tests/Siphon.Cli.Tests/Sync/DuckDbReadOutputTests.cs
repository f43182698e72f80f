using DuckDB.NET.Data;
using Siphon.Cli.Sync;
using Siphon.DuckDb;
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
