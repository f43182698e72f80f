namespace Siphon.Simulator;

/// <summary>
/// SplitMix64 over (seed, dataset key, row index): each row's values depend on nothing else, so any row, any file
/// and any byte range can be regenerated identically without state.
/// </summary>
internal struct RowRandom(ulong state)
{
    private ulong _state = state;

    public static RowRandom For(ulong datasetKey, long row) => new(Mix(datasetKey ^ Mix((ulong)row + 0x9E3779B97F4A7C15UL)));

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    public int Below(int bound) => (int)(Next() % (ulong)bound);

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A stable 64-bit key for a text (FNV-1a), for seeding from family names and request content.</summary>
    public static ulong KeyOf(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
