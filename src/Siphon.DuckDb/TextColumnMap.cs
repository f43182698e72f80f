using Siphon.Records;

namespace Siphon.DuckDb;

/// <summary>
/// Where a table's columns find their values in a text batch's rows, worked out once per list of field names (a CSV
/// body's batches share theirs) instead of one dictionary lookup per value: the batch field of each column, the fields
/// without a column (they go to <c>_siphon_extra</c>), and the fields of a hashable primary key.
/// </summary>
internal sealed class TextColumnMap
{
    private TextColumnMap(IReadOnlyList<string> names, int[] sources, int[] unknown, int[]? keyFields)
    {
        Names = names;
        Sources = sources;
        Unknown = unknown;
        KeyFields = keyFields;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Per column of the layout, in appender order: the batch field holding its value, or -1 when the batch has none.</summary>
    public int[] Sources { get; }

    /// <summary>The batch fields no column holds, in the batch's order (a record's order).</summary>
    public int[] Unknown { get; }

    /// <summary>The batch fields of the key's parts (<see cref="TableLayout.KeyFields"/>), or null.</summary>
    public int[]? KeyFields { get; }

    /// <summary>Whether this map is the one for <paramref name="names"/>: batches of one body share the very list.</summary>
    public bool Fits(IReadOnlyList<string> names) => ReferenceEquals(names, Names) || names.SequenceEqual(Names, StringComparer.Ordinal);

    public static TextColumnMap For(TableLayout layout, IReadOnlyList<string> names)
    {
        var columns = layout.Columns;
        var sources = new int[columns.Count];
        for (var i = 0; i < sources.Length; i++) sources[i] = TableLayout.IndexOf(names, columns[i].Field);
        var unknown = Enumerable.Range(0, names.Count).Where(i => !layout.Fields.Contains(names[i])).ToArray();
        return new TextColumnMap(names, sources, unknown, layout.KeyFields(names));
    }
}
