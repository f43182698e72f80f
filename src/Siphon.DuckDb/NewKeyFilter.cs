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
    // Ten bits (rounded up to a power of two blocks) and four probes per key: one or two percent false "perhaps
    // written" answers at capacity.
    private const int BitsPerKey = 10;
    private const int Probes = 4;
    private readonly int _capacity;
    private ulong[]? _bits;
    private const int WordsPerBlock = 8;
    private ulong _blockMask;
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
        // All probes of a key fall in one 64-byte block (a cache line), so a lookup costs one cache miss, not four;
        // the low bits pick the block, four 9-bit slices of the high half pick the bits inside it.
        var block = (int)(hash & _blockMask) * WordsPerBlock;
        var probes = hash >> 32;
        var wasNew = false;
        for (var i = 0; i < Probes; i++, probes >>= 9)
        {
            var bit = (int)(probes & 511);
            ref var word = ref bits[block + (bit >> 6)];
            var flag = 1UL << (bit & 63);
            if ((word & flag) == 0) { wasNew = true; word |= flag; }
        }
        if (wasNew) _count++;
        return wasNew;
    }

    private ulong[] Allocate()
    {
        var blocks = BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, (long)_capacity * BitsPerKey / 512));
        _blockMask = blocks - 1;
        return new ulong[blocks * WordsPerBlock];
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
