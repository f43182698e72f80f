namespace Siphon.DuckDb;

/// <summary>A column the schema asks for: the record field it holds and its type.</summary>
internal sealed record SchemaColumn(string Field, ColumnKind Kind);

/// <summary>Reads a stream's JSON Schema (a value of the engine's value model) into typed columns.</summary>
internal static class SchemaColumns
{
    /// <summary>
    /// One column per top-level property, in schema order. Properties that cannot be a column are skipped
    /// (their values land in <c>_siphon_extra</c>): empty names, names of the destination's own columns, and a
    /// second property whose name differs only in case (DuckDB identifiers are case-insensitive).
    /// </summary>
    public static IReadOnlyList<SchemaColumn> From(object? schema)
    {
        var columns = new List<SchemaColumn>();
        if (schema is not IReadOnlyDictionary<string, object?> root || !root.TryGetValue("properties", out var properties)
            || properties is not IReadOnlyDictionary<string, object?> map)
            return columns;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SqlNames.ExtraColumn, SqlNames.ExtractedAtColumn, SqlNames.SequenceColumn };
        foreach (var (field, property) in map)
        {
            if (field.Length == 0 || field.Contains('\0') || !seen.Add(field)) continue;
            columns.Add(new SchemaColumn(field, KindOf(property)));
        }
        return columns;
    }

    /// <summary>The column type for one property schema; JSON whenever the schema allows more than one shape.</summary>
    public static ColumnKind KindOf(object? property)
    {
        if (property is not IReadOnlyDictionary<string, object?> schema || !schema.TryGetValue("type", out var type)) return ColumnKind.Json;
        var types = new HashSet<string>(StringComparer.Ordinal);
        switch (type)
        {
            case string single: types.Add(single); break;
            case IEnumerable<object?> many:
                foreach (var item in many) if (item is string name) types.Add(name);
                break;
        }
        types.Remove("null");
        // An "integer or number" field is a number; anything else mixed cannot be one SQL type.
        if (types.SetEquals(["integer", "number"])) return ColumnKind.Double;
        if (types.Count != 1) return ColumnKind.Json;
        var format = schema.TryGetValue("format", out var f) ? f as string : null;
        // Airbyte marks integers that its older schemas typed as "number" with airbyte_type.
        var airbyteType = schema.TryGetValue("airbyte_type", out var a) ? a as string : null;
        return types.Single() switch
        {
            "number" when airbyteType == "integer" => ColumnKind.BigInt,
            "string" when format == "date-time" => ColumnKind.TimestampTz,
            "string" when format == "date" => ColumnKind.Date,
            "string" => ColumnKind.Varchar,
            "integer" => ColumnKind.BigInt,
            "number" => ColumnKind.Double,
            "boolean" => ColumnKind.Boolean,
            _ => ColumnKind.Json,
        };
    }
}
