using DuckDB.NET.Data;
using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class AppenderPathTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    /// <summary>
    /// DuckDB's own query log (shared by every connection of the process to the file) shows the statements run
    /// while records are written: a constant handful per checkpoint, not one INSERT per record.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_ThousandsOfRecords_GoThroughTheAppenderNotPerRowStatements(bool keyed)
    {
        await using var destination = await _db.OpenAsync();
        await destination.BeginStreamAsync(new StreamSpec("users", ThroughputBenchmarks.EightColumnSchema, keyed ? [["id"]] : []), fullRefresh: false);
        using var observer = new DuckDBConnection(destination.ConnectionStringForTests);
        observer.Open();
        Execute(observer, "CALL enable_logging('QueryLog')");

        var written = 0;
        foreach (var record in ThroughputBenchmarks.EightColumnRecords(5000))
        {
            await destination.WriteAsync("users", record);
            if (++written % 1000 == 0) await destination.CheckpointAsync("users", Record(("n", (long)written)));
        }

        var statements = Query(observer, "SELECT message FROM duckdb_logs WHERE type = 'QueryLog' AND message NOT ILIKE '%duckdb_logs%' AND message NOT ILIKE '%enable_logging%'");
        Execute(observer, "CALL disable_logging()");
        Assert.DoesNotContain(statements, s => s.Contains("INSERT INTO", StringComparison.OrdinalIgnoreCase) && s.Contains("VALUES", StringComparison.OrdinalIgnoreCase) && !s.Contains("_siphon_state", StringComparison.Ordinal));
        Assert.InRange(statements.Count, 5, 5 * 8); // per checkpoint: at most merge + state + transaction statements
        Assert.Equal(5000L, Convert.ToInt64(Query(observer, "SELECT count(*) FROM users").Single()));
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0))!);
        return rows;
    }
}
