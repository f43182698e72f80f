namespace Siphon.DuckDb;

/// <summary>The column types the destination writes; anything a schema does not pin down is JSON.</summary>
internal enum ColumnKind { Varchar, BigInt, Double, Boolean, TimestampTz, Date, Json }

internal static class ColumnKinds
{
    public static string SqlType(this ColumnKind kind) => kind switch
    {
        ColumnKind.Varchar => "VARCHAR",
        ColumnKind.BigInt => "BIGINT",
        ColumnKind.Double => "DOUBLE",
        ColumnKind.Boolean => "BOOLEAN",
        ColumnKind.TimestampTz => "TIMESTAMPTZ",
        ColumnKind.Date => "DATE",
        _ => "JSON",
    };

    /// <summary>
    /// Maps the type DuckDB reports for an existing column back to a kind, so a column keeps the type it was
    /// created with even if the schema changed since. Null for types this destination never creates (a user
    /// altered the table): such columns are left alone and their fields go to <c>_siphon_extra</c>.
    /// </summary>
    public static ColumnKind? FromDuckDbType(string dataType) => dataType.ToUpperInvariant() switch
    {
        "VARCHAR" => ColumnKind.Varchar,
        "BIGINT" => ColumnKind.BigInt,
        "DOUBLE" => ColumnKind.Double,
        "BOOLEAN" => ColumnKind.Boolean,
        "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ" => ColumnKind.TimestampTz,
        "DATE" => ColumnKind.Date,
        "JSON" => ColumnKind.Json,
        _ => null,
    };
}
