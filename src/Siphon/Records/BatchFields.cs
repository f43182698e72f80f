namespace Siphon.Records;

/// <summary>
/// The field names a batch of rows shares, and which stored cell of a row gives each name its value: rows that repeat
/// a column name, or a rename that makes two names one, keep each name once, where it first appears, with the value of
/// its last cell (as a dictionary keeps keys set in that order).
/// </summary>
internal sealed class BatchFields
{
    private BatchFields(string[] names, int[] cells)
    {
        Names = names;
        Cells = cells;
    }

    /// <summary>The field names in record order, each once.</summary>
    public string[] Names { get; }

    /// <summary>The stored cell of a row each name takes its value from.</summary>
    public int[] Cells { get; }

    /// <summary>The fields of rows whose cells are named <paramref name="columns"/>, in order (a CSV header).</summary>
    public static BatchFields FromColumns(IReadOnlyList<string> columns) => Merge(columns, [.. Enumerable.Range(0, columns.Count)]);

    /// <summary>Every name passed through <paramref name="rename"/>, as a key transformation leaves a record.</summary>
    public BatchFields Renamed(Func<string, string> rename) => Merge(Names.Select(rename).ToArray(), Cells);

    private static BatchFields Merge(IReadOnlyList<string> names, IReadOnlyList<int> cells)
    {
        var merged = new List<string>(cells.Count);
        var sources = new List<int>(cells.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var at = merged.IndexOf(names[i]);
            if (at >= 0) sources[at] = cells[i];
            else
            {
                merged.Add(names[i]);
                sources.Add(cells[i]);
            }
        }
        return new BatchFields([.. merged], [.. sources]);
    }
}
