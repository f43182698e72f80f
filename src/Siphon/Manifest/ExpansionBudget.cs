namespace Siphon.Manifest;

/// <summary>
/// How big a manifest may become once YAML aliases and <c>$ref</c> / <c>"#/..."</c> references are expanded, in nodes and
/// in bytes of text: a small document whose aliases or references repeat a large string or subtree (a "billion laughs")
/// would otherwise be expanded by every later stage (validation, the builder's resolved view, JSON output) into gigabytes.
/// </summary>
internal sealed class ExpansionBudget
{
    /// <summary>Far beyond any real manifest (the largest known expand to a few thousand nodes).</summary>
    public const long MaxNodes = 1_000_000;

    /// <summary>Far beyond any real manifest (the largest known are well under 1 MB expanded).</summary>
    public const long MaxBytes = 32L << 20;

    private readonly Dictionary<ManifestNode, (long Nodes, long Bytes)> _sizes = new(ReferenceEqualityComparer.Instance);

    public long Nodes { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Counts <paramref name="nodes"/> and <paramref name="bytes"/> more; past a limit, says which alias or reference did it.</summary>
    public void Add(long nodes, long bytes, SourcePosition at, string cause)
    {
        Nodes += nodes;
        Bytes += bytes;
        if (Nodes > MaxNodes)
            throw new ExpansionLimitException(at, $"{cause} makes the manifest expand to more than {MaxNodes:N0} nodes");
        if (Bytes > MaxBytes)
            throw new ExpansionLimitException(at, $"{cause} makes the manifest expand to more than {MaxBytes >> 20} MB of text");
    }

    /// <summary>The expanded size of a tree (shared subtrees counted each time they appear), remembered per node.</summary>
    public (long Nodes, long Bytes) Measure(ManifestNode node)
    {
        if (_sizes.TryGetValue(node, out var known)) return known;
        (long Nodes, long Bytes) size = node switch
        {
            ManifestScalar scalar => (1, scalar.Text.Length),
            ManifestList list => list.Items.Select(Measure).Aggregate((Nodes: 1L, Bytes: 0L), (sum, s) => (sum.Nodes + s.Nodes, sum.Bytes + s.Bytes)),
            ManifestMap map => map.Entries.Select(e => (e.Key.Length, Size: Measure(e.Value)))
                .Aggregate((Nodes: 1L, Bytes: 0L), (sum, e) => (sum.Nodes + 1 + e.Size.Nodes, sum.Bytes + e.Length + e.Size.Bytes)),
            _ => (1, 0),
        };
        // Sizes only grow with nesting; saturating keeps a deep chain of shared subtrees from overflowing.
        size = (Math.Min(size.Nodes, long.MaxValue / 4), Math.Min(size.Bytes, long.MaxValue / 4));
        _sizes[node] = size;
        return size;
    }
}

/// <summary>The expansion limit was reached; the message names the alias or reference.</summary>
internal sealed class ExpansionLimitException(SourcePosition position, string message) : Exception(message)
{
    public SourcePosition Position { get; } = position;
}
