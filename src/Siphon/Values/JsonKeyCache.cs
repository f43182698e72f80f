using System.Text.Json;

namespace Siphon.Values;

/// <summary>
/// Reuses the key strings of a stream of JSON objects that repeat their keys in the same order (JSON lines): the key at
/// position i is compared, as UTF-8 bytes, with the key the previous object had there, and its string is reused when
/// they match. One instance per body, used by one reader at a time.
/// </summary>
internal sealed class JsonKeyCache
{
    private const int MaxKeys = 256;
    private byte[][] _utf8 = new byte[16][];
    private string[] _keys = new string[16];

    /// <summary>How many keys the previous object had: the capacity to give the next one.</summary>
    public int LastCount { get; set; }

    /// <summary>The property name the reader is on, as a string; <paramref name="position"/> is its index in the object.</summary>
    public string Key(ref Utf8JsonReader reader, int position)
    {
        var plain = !reader.ValueIsEscaped && !reader.HasValueSequence;
        if (plain && position < _keys.Length && _keys[position] is { } known && reader.ValueSpan.SequenceEqual(_utf8[position]))
            return known;
        var key = JsonValues.StringOf(ref reader);
        if (plain && position < MaxKeys)
        {
            if (position >= _keys.Length)
            {
                Array.Resize(ref _keys, Math.Min(MaxKeys, _keys.Length * 2));
                Array.Resize(ref _utf8, _keys.Length);
            }
            _utf8[position] = reader.ValueSpan.ToArray();
            _keys[position] = key;
        }
        return key;
    }
}
