using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Siphon.Runs.Protocol;

/// <summary>
/// The bytes of a RECORD line around its data's fields, as the JSON writer writes them: <see cref="Prefix"/> up to and
/// including the data's opening brace, <see cref="Suffix"/> from its closing brace to the line's end. Safe to use from
/// several threads at once.
/// </summary>
internal sealed class RecordEnvelope
{
    /// <summary>What a line ends with after its data's last field, before <c>emitted_at</c>'s digits.</summary>
    private static ReadOnlySpan<byte> DataEnd => "},\"emitted_at\":"u8;

    /// <summary>Room for any <see cref="Suffix"/>: the constant part, a long's digits, two braces and the line feed.</summary>
    public const int MaxSuffixLength = 15 + 20 + 3;

    private const int MaxCached = 4096;
    private readonly ConcurrentDictionary<string, byte[]> _prefixes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, JsonEncodedText> _names = new(ReferenceEqualityComparer.Instance);

    /// <summary><c>{"type":"RECORD","record":{"stream":"NAME","data":{</c></summary>
    public byte[] Prefix(string stream)
    {
        if (_prefixes.TryGetValue(stream, out var prefix)) return prefix;
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "RECORD"u8);
            json.WriteStartObject("record"u8);
            json.WriteString("stream"u8, stream);
            json.WriteStartObject("data"u8);
        }
        prefix = buffer.WrittenSpan.ToArray();
        if (_prefixes.Count < MaxCached) _prefixes.TryAdd(stream, prefix);
        return prefix;
    }

    /// <summary>Writes <c>},"emitted_at":N}}</c> and a line feed into <paramref name="destination"/>; returns its length.</summary>
    public static int Suffix(long emittedAt, Span<byte> destination)
    {
        DataEnd.CopyTo(destination);
        Utf8Formatter.TryFormat(emittedAt, destination[DataEnd.Length..], out var digits);
        var end = DataEnd.Length + digits;
        destination[end++] = (byte)'}';
        destination[end++] = (byte)'}';
        destination[end++] = (byte)'\n';
        return end;
    }

    /// <summary>A field name escaped as the JSON writer escapes a property name, for a writer's <c>WritePropertyName</c> (cached per name string).</summary>
    public JsonEncodedText EncodedName(string name)
    {
        if (_names.TryGetValue(name, out var encoded)) return encoded;
        encoded = JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        if (_names.Count < MaxCached) _names.TryAdd(name, encoded);
        return encoded;
    }

    /// <summary><c>"NAME":</c>, escaped as the JSON writer escapes a property name (cached per name string: batches share theirs).</summary>
    public byte[] FieldKey(string name)
    {
        if (_keys.TryGetValue(name, out var key)) return key;
        var encoded = EncodedName(name).EncodedUtf8Bytes;
        key = new byte[encoded.Length + 3];
        key[0] = (byte)'"';
        encoded.CopyTo(key.AsSpan(1));
        key[^2] = (byte)'"';
        key[^1] = (byte)':';
        if (_keys.Count < MaxCached) _keys.TryAdd(name, key);
        return key;
    }
}
