using DuckDB.NET.Data;

namespace Siphon.DuckDb;

/// <summary>Runs statements with positional parameters (<c>?</c>); values are never spliced into SQL text.</summary>
internal static class Sql
{
    public static long Execute(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = Prepare(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = Prepare(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static List<T> Query<T>(this DuckDBConnection connection, string sql, Func<DuckDBDataReader, T> read, params object?[] parameters)
    {
        using var command = Prepare(connection, sql, parameters);
        using var reader = (DuckDBDataReader)command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static DuckDBCommand Prepare(DuckDBConnection connection, string sql, object?[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters) command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        return command;
    }
}
