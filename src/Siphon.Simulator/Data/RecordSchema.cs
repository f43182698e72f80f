namespace Siphon.Simulator;

/// <summary>The shape of one family's generated records and how a row's values derive from its <see cref="RowRandom"/>.</summary>
internal abstract class RecordSchema
{
    private int[]? _canonicalOrder;

    public abstract string Name { get; }

    public abstract IReadOnlyList<Column> Columns { get; }

    /// <summary>Writes row <paramref name="row"/>'s values, in column order, into <paramref name="values"/>.</summary>
    public abstract void Fill(ref RowRandom random, long row, Dataset dataset, string[] values);

    /// <summary>Column indexes sorted by lower-cased name, the order of the checksum's canonical form.</summary>
    public int[] CanonicalOrder => _canonicalOrder ??= Enumerable.Range(0, Columns.Count)
        .OrderBy(i => Columns[i].Name.ToLowerInvariant(), StringComparer.Ordinal).ToArray();
}
