using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Siphon.Decoding;

/// <summary>
/// Whether JSON text is already what the RECORD line writer writes for the value it reads as (its encoder's escaping,
/// its number formatting), so a line can be copied instead of transcribed: the rules <see cref="JsonLineScanner"/>
/// applies while it reads a line, and <see cref="FollowsShape"/>, which checks a line of a known shape without a reader.
/// One instance per scanner (it keeps scratch buffers and a writer for numbers).
/// </summary>
internal sealed class WriterForm
{
    /// <summary>The encoder the RECORD lines are written with.</summary>
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private byte[] _escaped = new byte[256];
    private readonly ArrayBufferWriter<byte> _number = new(32);
    private readonly Utf8JsonWriter _numberWriter;

    public WriterForm() => _numberWriter = new Utf8JsonWriter(_number, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });

    /// <summary>
    /// Whether unescaped string content needs no escaping: which also means valid UTF-8 without a quote, backslash or
    /// control character (the encoder escapes them all).
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<byte> content) => Encoder.FindFirstCharacterToEncodeUtf8(content) < 0;

    /// <summary>Whether the writer's escaping of <paramref name="text"/> gives <paramref name="escaped"/> (the line's bytes).</summary>
    public bool EscapesAs(ReadOnlySpan<byte> text, ReadOnlySpan<byte> escaped)
    {
        // Escaping writes at most six bytes per byte; the comparison fails early when the lengths differ anyway.
        if (_escaped.Length < text.Length * 6) _escaped = new byte[Math.Max(text.Length * 6, _escaped.Length * 2)];
        return Encoder.EncodeUtf8(text, _escaped, out _, out var written) == OperationStatus.Done && _escaped.AsSpan(0, written).SequenceEqual(escaped);
    }

    /// <summary>
    /// Whether the line is an object of exactly these keys (raw bytes, in order) with flat values in the writer's form
    /// only: a string with nothing the encoder would escape (so no backslash, no control character and valid UTF-8), an
    /// integer of at most 18 digits other than -0, a fraction or exponent written as the writer writes its double, true,
    /// false or null; no space anywhere. Such a line is valid JSON whose bytes are the writer's, so it needs no reader.
    /// </summary>
    public bool FollowsShape(ReadOnlySpan<byte> line, byte[][] keys)
    {
        if (line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}') return false;
        var at = 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                if (at >= line.Length || line[at] != (byte)',') return false;
                at++;
            }
            var key = keys[i];
            if (line.Length - at < key.Length + 3 || line[at] != (byte)'"' || !line.Slice(at + 1, key.Length).SequenceEqual(key)
                || line[at + 1 + key.Length] != (byte)'"' || line[at + 2 + key.Length] != (byte)':') return false;
            at = FlatValueEnd(line, at + key.Length + 3);
            if (at < 0) return false;
        }
        return at == line.Length - 1;
    }

    /// <summary>Where a flat value in the writer's form that starts at <paramref name="at"/> ends, or -1 for any other value.</summary>
    private int FlatValueEnd(ReadOnlySpan<byte> line, int at)
    {
        if (at >= line.Length) return -1;
        switch (line[at])
        {
            case (byte)'"':
                var close = line[(at + 1)..].IndexOf((byte)'"');
                if (close < 0 || !IsPlain(line.Slice(at + 1, close))) return -1;
                return at + close + 2;
            case (byte)'t': return line[at..].StartsWith("true"u8) ? at + 4 : -1;
            case (byte)'f': return line[at..].StartsWith("false"u8) ? at + 5 : -1;
            case (byte)'n': return line[at..].StartsWith("null"u8) ? at + 4 : -1;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                var negative = line[at] == (byte)'-';
                var first = negative ? at + 1 : at;
                if (first >= line.Length) return -1;
                var end = first + 1;
                if (line[first] == (byte)'0')
                {
                    if (negative && (end >= line.Length || line[end] is not ((byte)'.' or (byte)'e' or (byte)'E'))) return -1;
                }
                else if (line[first] is < (byte)'1' or > (byte)'9') return -1;
                else
                    while (end < line.Length && line[end] is >= (byte)'0' and <= (byte)'9') end++;
                if (end < line.Length && line[end] is (byte)'.' or (byte)'e' or (byte)'E') return DoubleEnd(line, at, end);
                // More digits than a long always holds: the reader decides.
                if (end - first > 18 || end >= line.Length || line[end] is not ((byte)',' or (byte)'}')) return -1;
                return end;
            default:
                return -1;
        }
    }

    /// <summary>
    /// Where a number with a fraction or an exponent ends, when its text is what the writer writes for the double it
    /// reads as (compared with the writer's own output); -1 otherwise. <paramref name="end"/> is past its integer part.
    /// </summary>
    private int DoubleEnd(ReadOnlySpan<byte> line, int at, int end)
    {
        if (line[end] == (byte)'.')
        {
            var digits = ++end;
            while (end < line.Length && line[end] is >= (byte)'0' and <= (byte)'9') end++;
            if (end == digits) return -1;
        }
        if (end < line.Length && line[end] is (byte)'e' or (byte)'E')
        {
            end++;
            if (end < line.Length && line[end] is (byte)'+' or (byte)'-') end++;
            var digits = end;
            while (end < line.Length && line[end] is >= (byte)'0' and <= (byte)'9') end++;
            if (end == digits) return -1;
        }
        if (end >= line.Length || line[end] is not ((byte)',' or (byte)'}')) return -1;
        var text = line[at..end];
        if (!Utf8Parser.TryParse(text, out double number, out var consumed, 'e') || consumed != text.Length || !double.IsFinite(number)) return -1;
        return WritesAs(number, text) ? end : -1;
    }

    /// <summary>Whether the writer writes <paramref name="number"/> as exactly <paramref name="text"/>.</summary>
    public bool WritesAs(double number, ReadOnlySpan<byte> text)
    {
        _number.Clear();
        _numberWriter.Reset();
        _numberWriter.WriteNumberValue(number);
        _numberWriter.Flush();
        return _number.WrittenSpan.SequenceEqual(text);
    }
}
