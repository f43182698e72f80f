using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Siphon.Simulator;

/// <summary>
/// The order-independent checksum of a set of records, as <c>GET /__expected</c> reports it, so a client can prove it
/// received every record exactly once. Definition (see docs/simulator.md):
/// <list type="number">
/// <item>Each value becomes a string: a string as is (JSON strings unescaped, CSV/TSV/XML field text), a JSON number or
/// boolean as its literal token, null as the empty string, an object or array as its compact JSON text.</item>
/// <item>The record's canonical form is a JSON object with keys lower-cased (invariant) and sorted by ordinal order, every
/// value a JSON string, no whitespace; escaping only <c>"</c> as <c>\"</c>, <c>\</c> as <c>\\</c> and characters below
/// U+0020 as <c>\u00xx</c> (lower-case hex); everything else literal.</item>
/// <item>The record hash is 64-bit FNV-1a over the UTF-8 bytes of the canonical form.</item>
/// <item>The checksum is the sum of the record hashes modulo 2^64, written as 16 lower-case hex digits; the count is the
/// number of records. A sum (not xor) so that a duplicated record changes it.</item>
/// </list>
/// </summary>
public static class RecordChecksum
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The canonical form of a record whose values are already strings.</summary>
    public static string Canonical(IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var sorted = fields.Select(f => (Key: f.Key.ToLowerInvariant(), f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal);
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in sorted)
        {
            if (!first) sb.Append(',');
            first = false;
            AppendQuoted(sb, key);
            sb.Append(':');
            AppendQuoted(sb, value ?? "");
        }

        return sb.Append('}').ToString();
    }

    /// <summary>The hash of a record whose values are strings (e.g. a CSV row keyed by its header).</summary>
    public static ulong Hash(IEnumerable<KeyValuePair<string, string?>> fields) => HashCanonical(Canonical(fields));

    /// <summary>The hash of a JSON object record, its values converted to strings as defined above.</summary>
    public static ulong Hash(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("a record must be a JSON object", nameof(record));
        }

        return Hash(record.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, ValueText(p.Value))));
    }

    /// <summary>The string a JSON value counts as.</summary>
    public static string ValueText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    /// <summary>64-bit FNV-1a over the UTF-8 bytes of an already canonical form.</summary>
    public static ulong HashCanonical(string canonical)
    {
        var max = Encoding.UTF8.GetMaxByteCount(canonical.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(canonical, rented);
            var hash = FnvOffset;
            foreach (var b in rented.AsSpan(0, length))
            {
                hash = (hash ^ b) * FnvPrime;
            }

            return hash;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A checksum as written by <c>/__expected</c>: 16 lower-case hex digits.</summary>
    public static string Format(ulong sum) => sum.ToString("x16", CultureInfo.InvariantCulture);

    internal static void AppendQuoted(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case < ' ': sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }
}
