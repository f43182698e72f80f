using DuckDB.NET.Data;
using Siphon.Records;

namespace Siphon.DuckDb;

/// <summary>
/// The columns a stream's rows are appended with, in appender order (then <c>_siphon_extra</c>,
/// <c>_siphon_extracted_at</c> and, for keyed streams, <c>_siphon_seq</c>), and the primary key as SQL
/// expressions. Built once per stream when it begins; it creates or widens the table to match.
/// </summary>
internal sealed class TableLayout
{
    private readonly IReadOnlyList<IReadOnlyList<string>> _primaryKey;

    // The key's columns when every part is a whole VARCHAR or BIGINT field, whose stored values hash cheaply; else null.
    private readonly TableColumn[]? _hashableKey;

    private TableLayout(IReadOnlyList<TableColumn> columns, IReadOnlyList<IReadOnlyList<string>> primaryKey, bool startedEmpty)
    {
        Columns = columns;
        _primaryKey = primaryKey;
        StartedEmpty = startedEmpty;
        var keyColumns = primaryKey.Select(path => path.Count == 1 ? columns.First(c => c.Field == path[0]) : null).ToArray();
        if (keyColumns.Length > 0 && keyColumns.All(c => c is { Kind: ColumnKind.Varchar or ColumnKind.BigInt })) _hashableKey = keyColumns!;
        Fields = new HashSet<string>(columns.Select(c => c.Field), StringComparer.Ordinal);
        ColumnList = string.Join(", ", columns.Select(c => c.Quoted).Append(SqlNames.Quote(SqlNames.ExtraColumn)).Append(SqlNames.Quote(SqlNames.ExtractedAtColumn)));
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The record fields that have a column; every other field goes to <c>_siphon_extra</c>.</summary>
    public HashSet<string> Fields { get; }

    public bool HasKey => _primaryKey.Count > 0;

    /// <summary>The table was created (or recreated for a full refresh) empty when the stream began.</summary>
    public bool StartedEmpty { get; }

    /// <summary>Whether <see cref="TryHashKey"/> can hash this layout's keys at all.</summary>
    public bool KeyIsHashable => _hashableKey is not null;

    /// <summary>A hash of the record's key as the table would store it; false when a part is missing, null or not hashable.</summary>
    public bool TryHashKey(IReadOnlyDictionary<string, object?> record, out ulong hash)
    {
        hash = 0;
        if (_hashableKey is null) return false;
        foreach (var column in _hashableKey)
        {
            if (!record.TryGetValue(column.Field, out var value) || !ValueWriter.TryHashKey(column.Kind, value, out var part)) return false;
            hash = hash * 0x100000001B3UL + (uint)part;
        }
        hash = NewKeyFilter.Mix(hash);
        return true;
    }

    /// <summary>
    /// <see cref="TryHashKey(IReadOnlyDictionary{string, object?}, out ulong)"/> of a text batch's row, whose key parts
    /// are the batch fields <paramref name="keyFields"/> (one per part, as <see cref="KeyFields"/> maps them): the same hash.
    /// </summary>
    public bool TryHashKey(ITextRows rows, int row, int[] keyFields, out ulong hash)
    {
        hash = 0;
        for (var i = 0; i < keyFields.Length; i++)
        {
            if (!rows.TryGetValue(row, keyFields[i], out var text) || !ValueWriter.TryHashKey(_hashableKey![i].Kind, text, out var part)) return false;
            hash = hash * 0x100000001B3UL + (uint)part;
        }
        hash = NewKeyFilter.Mix(hash);
        return true;
    }

    /// <summary>
    /// Which of <paramref name="names"/> holds each part of a hashable key, in key order; null when the key is not
    /// hashable or a part is missing (every row then takes the staging path, as a record without its key does).
    /// </summary>
    public int[]? KeyFields(IReadOnlyList<string> names)
    {
        if (_hashableKey is null) return null;
        var fields = new int[_hashableKey.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = IndexOf(names, _hashableKey[i].Field);
            if (fields[i] < 0) return null;
        }
        return fields;
    }

    /// <summary>The position of <paramref name="field"/> in <paramref name="names"/> (compared as record keys are), or -1.</summary>
    public static int IndexOf(IReadOnlyList<string> names, string field)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], field, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The quoted columns shared by the staging and the target table, for INSERT … SELECT.</summary>
    public string ColumnList { get; }

    /// <summary>The key parts of a row of <paramref name="table"/> (a quoted name or alias) as SQL expressions.</summary>
    public IReadOnlyList<string> KeyExpressions(string table) => _primaryKey.Select(path =>
    {
        var column = Columns.First(c => c.Field == path[0]);
        return path.Count == 1
            ? $"{table}.{column.Quoted}"
            : $"json_extract_string({table}.{column.Quoted}, {SqlNames.Literal(SqlNames.JsonPath(path.Skip(1)))})";
    }).ToList();

    /// <summary>
    /// Creates <paramref name="table"/> or, when it exists (and <paramref name="fresh"/> is false), adds the
    /// schema's new columns to it. Existing columns keep their type, so a schema that changed a type does not
    /// break old rows; values that no longer fit go to <c>_siphon_extra</c>.
    /// </summary>
    public static TableLayout Prepare(DuckDBConnection connection, string table, StreamSpec spec, bool fresh)
    {
        var wanted = SchemaColumns.From(spec.Schema).ToList();
        foreach (var path in spec.PrimaryKey)
        {
            if (path.Count == 0 || path[0].Length == 0)
                throw new DuckDbDestinationException($"stream '{spec.Name}': a primary key path is empty");
            // A key field the schema does not declare still needs a column to compare on.
            if (!wanted.Any(c => c.Field == path[0])) wanted.Add(new SchemaColumn(path[0], ColumnKind.Json));
        }

        if (fresh) connection.Execute($"DROP TABLE IF EXISTS {SqlNames.Quote(table)}");
        var existing = ExistingColumns(connection, table);
        var columns = new List<TableColumn>();
        var created = existing.Count == 0;
        if (created)
        {
            columns.AddRange(wanted.Select(c => new TableColumn(c.Field, c.Field, c.Kind)));
            var definitions = columns.Select(c => $"{c.Quoted} {c.Kind.SqlType()}")
                .Append($"{SqlNames.Quote(SqlNames.ExtraColumn)} JSON")
                .Append($"{SqlNames.Quote(SqlNames.ExtractedAtColumn)} TIMESTAMPTZ");
            connection.Execute($"CREATE TABLE {SqlNames.Quote(table)} ({string.Join(", ", definitions)})");
        }
        else
        {
            foreach (var column in wanted)
            {
                if (existing.TryGetValue(column.Field, out var found))
                {
                    if (found.Kind is { } kind) columns.Add(new TableColumn(column.Field, found.Name, kind));
                    continue;
                }
                connection.Execute($"ALTER TABLE {SqlNames.Quote(table)} ADD COLUMN {SqlNames.Quote(column.Field)} {column.Kind.SqlType()}");
                columns.Add(new TableColumn(column.Field, column.Field, column.Kind));
            }
            if (!existing.ContainsKey(SqlNames.ExtraColumn))
                connection.Execute($"ALTER TABLE {SqlNames.Quote(table)} ADD COLUMN {SqlNames.Quote(SqlNames.ExtraColumn)} JSON");
            if (!existing.ContainsKey(SqlNames.ExtractedAtColumn))
                connection.Execute($"ALTER TABLE {SqlNames.Quote(table)} ADD COLUMN {SqlNames.Quote(SqlNames.ExtractedAtColumn)} TIMESTAMPTZ");
        }

        foreach (var path in spec.PrimaryKey)
        {
            var column = columns.FirstOrDefault(c => c.Field == path[0])
                ?? throw new DuckDbDestinationException($"stream '{spec.Name}': primary key field '{path[0]}' has a column of a type this destination does not write");
            if (path.Count > 1 && column.Kind != ColumnKind.Json)
                throw new DuckDbDestinationException($"stream '{spec.Name}': primary key path '{string.Join('.', path)}' goes into column '{column.Name}', which is {column.Kind.SqlType()}, not JSON");
        }
        return new TableLayout(columns, spec.PrimaryKey, created);
    }

    /// <summary>Creates (or empties) the temporary staging table the appender writes to.</summary>
    public void CreateStaging(DuckDBConnection connection, string staging)
    {
        var definitions = Columns.Select(c => $"{c.Quoted} {c.Kind.SqlType()}")
            .Append($"{SqlNames.Quote(SqlNames.ExtraColumn)} JSON")
            .Append($"{SqlNames.Quote(SqlNames.ExtractedAtColumn)} TIMESTAMPTZ");
        if (HasKey) definitions = definitions.Append($"{SqlNames.Quote(SqlNames.SequenceColumn)} BIGINT");
        connection.Execute($"CREATE OR REPLACE TEMP TABLE {SqlNames.Quote(staging)} ({string.Join(", ", definitions)})");
    }

    private static Dictionary<string, (string Name, ColumnKind? Kind)> ExistingColumns(DuckDBConnection connection, string table)
    {
        var rows = connection.Query(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            r => (Name: r.GetString(0), Type: r.GetString(1)), table);
        // DuckDB identifiers are case-insensitive, so a field matches a column whatever its case.
        var columns = new Dictionary<string, (string, ColumnKind?)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, type) in rows) columns.TryAdd(name, (name, ColumnKinds.FromDuckDbType(type)));
        return columns;
    }
}
