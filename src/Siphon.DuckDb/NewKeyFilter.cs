using System.Numerics;

namespace Siphon.DuckDb;

/// <summary>
/// Remembers, in bounded memory, the primary keys already written to a table that started empty (a Bloom filter over
/// key hashes), so that a row whose key was certainly never written can be appended straight to the table instead of
/// being staged and merged. It may answer "perhaps written" for a new key (about 1 % of keys when full), never "new"
/// for a written one; a perhaps-written row takes the staging path, which is right in either case. Once it holds
/// <see cref="Capacity"/> keys it stops remembering and answers "perhaps written" for every key.
/// </summary>
internal sealed class NewKeyFilter
{
    // Ten bits and four probes per key: about 1.2 % false "perhaps written" answers at capacity.
    private const int BitsPerKey = 10;
    private const int Probes = 4;
    private readonly int _capacity;
    private ulong[]? _bits;
    private ulong _mask;
    private long _count;

    public NewKeyFilter(int capacity) => _capacity = capacity;

    /// <summary>Keys remembered before the filter is full; the filter then takes 8 MB.</summary>
    public const int DefaultCapacity = 6_000_000;

    public int Capacity => _capacity;

    /// <summary>True, having remembered it, when the key with this hash was certainly never added before.</summary>
    public bool TryAddNew(ulong hash)
    {
        if (_count >= _capacity) return false;
        // Allocated on first use: a stream that writes nothing costs nothing.
        var bits = _bits ??= Allocate();
        var h1 = (uint)hash;
        var h2 = (uint)(hash >> 32) | 1;
        var wasNew = false;
        for (uint i = 0; i < Probes; i++)
        {
            var bit = (h1 + i * h2) & _mask;
            ref var word = ref bits[bit >> 6];
            var flag = 1UL << (int)(bit & 63);
            if ((word & flag) == 0) { wasNew = true; word |= flag; }
        }
        if (wasNew) _count++;
        return wasNew;
    }

    private ulong[] Allocate()
    {
        var bits = (ulong)BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, _capacity) * BitsPerKey);
        _mask = bits - 1;
        return new ulong[bits / 64];
    }

    /// <summary>A well-mixed 64-bit hash from a 32-bit one (the splitmix64 finaliser), so the probes are independent enough.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
