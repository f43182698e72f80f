namespace Siphon.Values;

/// <summary>
/// The <c>stream_slice</c> templates see: a mapping of the partition's and the cursor window's keys (what
/// <c>stream_slice['start_time']</c> reads), which also answers the reference's attributes <c>.partition</c>,
/// <c>.cursor_slice</c> and <c>.extra_fields</c>. Item lookups of a key that is neither fall back to the extra fields,
/// as legacy manifests read <c>stream_slice['create_job_response']</c>.
/// </summary>
public sealed class StreamSliceValue : Dictionary<string, object?>
{
    public StreamSliceValue(IReadOnlyDictionary<string, object?> partition, IReadOnlyDictionary<string, object?> cursorSlice,
        IReadOnlyDictionary<string, object?> extraFields) : base(partition.Count + cursorSlice.Count, StringComparer.Ordinal)
    {
        foreach (var (key, value) in partition) this[key] = value;
        foreach (var (key, value) in cursorSlice) this[key] = value;
        Partition = Copy(partition);
        CursorSlice = Copy(cursorSlice);
        ExtraFields = Copy(extraFields);
    }

    public Dictionary<string, object?> Partition { get; }
    public Dictionary<string, object?> CursorSlice { get; }
    public Dictionary<string, object?> ExtraFields { get; }

    /// <summary>The attribute-style names a template may read besides the keys.</summary>
    public bool TryGetAttribute(string name, out object? value)
    {
        value = name switch
        {
            "partition" => Partition,
            "cursor_slice" => CursorSlice,
            "extra_fields" => ExtraFields,
            _ => null,
        };
        if (value is not null) return true;
        return ExtraFields.TryGetValue(name, out value);
    }

    private static Dictionary<string, object?> Copy(IReadOnlyDictionary<string, object?> source)
    {
        var copy = JsonValues.NewObject(source.Count);
        foreach (var (key, value) in source) copy[key] = value;
        return copy;
    }
}
