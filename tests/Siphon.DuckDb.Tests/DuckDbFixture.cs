using DuckDB.NET.Data;
using Siphon.Values;

namespace Siphon.DuckDb.Tests;

/// <summary>A DuckDB file in a fresh temporary folder, deleted afterwards, and ways to look inside it with SQL.</summary>
public sealed class DuckDbFixture : IDisposable
{
    public DuckDbFixture()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "siphon-duckdb-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "sync.duckdb");
    }

    public string Directory { get; }
    public string Path { get; }

    public Task<DuckDbDestination> OpenAsync(TimeProvider? time = null) =>
        DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = Path, TimeProvider = time ?? TimeProvider.System, Threads = 1 });

    /// <summary>Runs a query on the file with a connection of its own (the destination must be closed).</summary>
    public List<object?[]> Query(string sql, string? path = null)
    {
        using var connection = new DuckDBConnection($"Data Source={path ?? Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public object? Scalar(string sql, string? path = null) => Query(sql, path).Single().Single();

    public long Count(string sql, string? path = null) => Convert.ToInt64(Scalar(sql, path));

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }

    public static Dictionary<string, object?> Record(params (string Key, object? Value)[] fields)
    {
        var record = JsonValues.NewObject();
        foreach (var (key, value) in fields) record[key] = value;
        return record;
    }

    public static object? Json(string json) => JsonValues.Parse(json);
}
