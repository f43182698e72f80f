using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// One unit of reading: a partition (from routers: an account, a parent record...) times a cursor window (from an
/// incremental cursor), plus extra fields carried along (parent records, or an async job's responses).
/// </summary>
public sealed record StreamSlice(
    IReadOnlyDictionary<string, object?> Partition,
    IReadOnlyDictionary<string, object?> CursorSlice,
    IReadOnlyDictionary<string, object?> ExtraFields)
{
    private static readonly Dictionary<string, object?> None = JsonValues.NewObject();

    /// <summary>The single slice of a stream with no partition router and no cursor.</summary>
    public static StreamSlice Empty { get; } = new(None, None, None);

    /// <summary>The value templates see as <c>stream_slice</c> (and its aliases <c>stream_partition</c>, <c>stream_interval</c>).</summary>
    public StreamSliceValue ToValue() => new(Partition, CursorSlice, ExtraFields);

    public StreamSlice WithExtraFields(IReadOnlyDictionary<string, object?> extra)
    {
        var merged = JsonValues.NewObject(ExtraFields.Count + extra.Count);
        foreach (var (key, value) in ExtraFields) merged[key] = value;
        foreach (var (key, value) in extra) merged[key] = value;
        return this with { ExtraFields = merged };
    }

    /// <summary>A stable text naming the slice (partition and window), used as its key in state and in messages.</summary>
    public string Describe()
    {
        var descriptor = JsonValues.NewObject();
        foreach (var (key, value) in Partition) if (key != "parent_slice") descriptor[key] = value;
        foreach (var (key, value) in CursorSlice) descriptor[key] = value;
        return JsonValues.ToJson(descriptor);
    }
}
