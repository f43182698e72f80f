
namespace Siphon.Partitions;

/// <summary>
/// The reference's concurrent state shape, <c>{"state_type": "date-range", "slices": [{"start", "end",
/// "most_recent_cursor_value"}]}</c>, which a platform may still hold for a stream. Its read intervals are merged as the
/// reference merges them (touching within one cursor increment); the first run of them gives the sequential value
/// (its newest record, or its start) and where reading resumes (its end). The reference also reads the gaps between
/// later intervals; Siphon reads everything after the first run instead: nothing is lost, a later interval is read again.
/// </summary>
internal static class DateRangeState
{
    private const string TypeKey = "state_type", SlicesKey = "slices";

    public static bool IsIn(StreamStateStore store) => store.Get(TypeKey) is "date-range" && store.Get(SlicesKey) is List<object?>;

    /// <summary>The sequential value and where reading resumes; null when the slices hold nothing readable.</summary>
    public static (DateTimeOffset Value, DateTimeOffset ResumeAt)? Read(StreamStateStore store, Func<object?, DateTimeOffset?> parse, object? granularity)
    {
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset? Newest)>();
        foreach (var slice in (store.Get(SlicesKey) as List<object?> ?? []).OfType<IReadOnlyDictionary<string, object?>>())
            if (parse(slice.GetValueOrDefault("start")) is { } start && parse(slice.GetValueOrDefault("end")) is { } end)
                intervals.Add((start, end, parse(slice.GetValueOrDefault("most_recent_cursor_value"))));
        if (intervals.Count == 0) return null;
        intervals.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var first = intervals[0];
        var increment = CursorValues.IsPositive(granularity) ? granularity : TimeSpan.FromMilliseconds(1);
        foreach (var next in intervals.Skip(1))
        {
            if (CursorValues.Add(first.End, increment) < next.Start) break;
            var newest = first.Newest is { } a && next.Newest is { } b ? (a > b ? a : b) : first.Newest ?? next.Newest;
            first = (first.Start, next.End > first.End ? next.End : first.End, newest);
        }
        return (first.Newest ?? first.Start, first.End);
    }

    /// <summary>Drops the shape once the sequential value replaced it, as the reference's sequential state does.</summary>
    public static void Clear(StreamStateStore store)
    {
        store.Set(TypeKey, null);
        store.Set(SlicesKey, null);
    }
}
