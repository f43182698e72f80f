using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary>What one JSON line is, as far as a batch of lines kept as bytes cares.</summary>
internal enum JsonLineKind
{
    /// <summary>An object that reads without error and repeats no key: it can be transcribed as it is.</summary>
    Record,

    /// <summary>An object that reads without error but must be written from its dictionary (a repeated or escaped key).</summary>
    RecordAsDictionary,

    /// <summary>Not an object, or a line the scan cannot vouch for: the dictionary parser decides (and names the error).</summary>
    Other,
}

/// <summary>
/// Reads a JSON line once with <see cref="Utf8JsonReader"/>, building nothing, to decide whether it can travel as its
/// bytes (<see cref="Records.JsonLineBatch"/>): whatever the dictionary parser would reject (malformed JSON, invalid
/// UTF-8 or surrogates in a string, a number no double holds) makes the line <see cref="JsonLineKind.Other"/>, so the
/// parser itself runs and reports it exactly as before. An object's top-level keys become its names, shared with the
/// previous lines that had the same key bytes in the same order (a few recent shapes are remembered). One instance
/// per body.
/// </summary>
internal sealed class JsonLineScanner
{
    /// <summary>Keys of a nested object compared pairwise for repeats; a bigger object goes through a dictionary.</summary>
    private const int MaxNestedKeys = 32;

    private const int MaxShapes = 8;

    /// <summary>(start, length) in the line of each key of the objects open at this point, outermost first.</summary>
    private readonly List<(int Start, int Length)> _keys = [];
    private readonly Stack<int> _objects = new();
    private readonly List<(string[] Names, byte[][] Utf8)> _shapes = [];
    /// <summary>The shape of the last line the reader found verbatim, or null when that line was not.</summary>
    private (string[] Names, byte[][] Utf8)? _verbatimShape;
    private byte[] _scratch = new byte[256];
    private byte[] _escaped = new byte[256];
    private readonly ArrayBufferWriter<byte> _number = new(32);
    private readonly Utf8JsonWriter _numberWriter;

    /// <summary>The encoder the RECORD lines are written with, to tell whether a string's bytes are already its output.</summary>
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public JsonLineScanner() => _numberWriter = new Utf8JsonWriter(_number, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });

    /// <summary>
    /// What the line is; for a <see cref="JsonLineKind.Record"/>, its top-level keys, and whether its bytes already are
    /// what the JSON writer writes for its record (<paramref name="verbatim"/>: no space between tokens, every string
    /// escaped as the writer escapes it, every number as the writer formats the value it reads as), so they can be copied.
    /// </summary>
    public JsonLineKind Scan(ReadOnlySpan<byte> line, out string[]? names, out bool verbatim)
    {
        if (_verbatimShape is { } shape && FollowsShape(line, shape.Utf8))
        {
            names = shape.Names;
            verbatim = true;
            return JsonLineKind.Record;
        }
        names = null;
        var kind = ScanTokens(line, out verbatim);
        if (kind != JsonLineKind.Record) return kind;
        names = NamesOf(line);
        if (names is null) return JsonLineKind.RecordAsDictionary;
        // NamesOf put the line's shape first; the lines after it are tried against it without the reader.
        _verbatimShape = verbatim ? _shapes[0] : null;
        return JsonLineKind.Record;
    }

    /// <summary>
    /// Whether the line is the last verbatim line's keys, in order, with flat values in the writer's form only: a string
    /// with nothing the encoder would escape (so no backslash, no control character and valid UTF-8), an integer of at
    /// most 18 digits other than -0, a fraction or exponent written as the writer writes its double, true, false or
    /// null; no space anywhere. Such a line is valid JSON whose bytes are
    /// the writer's, so it needs no reader; any other line is read token by token.
    /// </summary>
    private bool FollowsShape(ReadOnlySpan<byte> line, byte[][] keys)
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
                if (close < 0 || Encoder.FindFirstCharacterToEncodeUtf8(line.Slice(at + 1, close)) >= 0) return -1;
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
    private bool WritesAs(double number, ReadOnlySpan<byte> text)
    {
        _number.Clear();
        _numberWriter.Reset();
        _numberWriter.WriteNumberValue(number);
        _numberWriter.Flush();
        return _number.WrittenSpan.SequenceEqual(text);
    }

    private JsonLineKind ScanTokens(ReadOnlySpan<byte> line, out bool verbatim)
    {
        _keys.Clear();
        _objects.Clear();
        verbatim = false;
        var reader = new Utf8JsonReader(line, JsonTranscriber.OptionsFor(line));
        var dictionary = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return JsonLineKind.Other;
            _objects.Push(0);
            var canonical = reader.TokenStartIndex == 0;
            var end = (int)reader.BytesConsumed;
            while (reader.Read())
            {
                if (canonical) canonical = Adjacent(line, end, (int)reader.TokenStartIndex, reader.TokenType);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (!IsValidText(ref reader, ref canonical)) return JsonLineKind.Other;
                        // The reader takes the colon with the name, and any space around it: only the colon may follow.
                        canonical &= reader.BytesConsumed == reader.TokenStartIndex + reader.ValueSpan.Length + 3;
                        // An escaped key may equal another written plainly, which comparing bytes would miss.
                        dictionary |= reader.ValueIsEscaped;
                        _keys.Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                        break;
                    case JsonTokenType.String:
                        if (!IsValidText(ref reader, ref canonical)) return JsonLineKind.Other;
                        break;
                    case JsonTokenType.Number:
                        if (!IsNumber(ref reader, ref canonical)) return JsonLineKind.Other;
                        break;
                    case JsonTokenType.StartObject:
                        _objects.Push(_keys.Count);
                        break;
                    case JsonTokenType.EndObject:
                        var first = _objects.Pop();
                        if (_objects.Count == 0)
                        {
                            // The top level's keys stay for NamesOf, which checks them for repeats against their strings.
                            verbatim = canonical && reader.BytesConsumed == line.Length;
                            return reader.Read() ? JsonLineKind.Other : dictionary ? JsonLineKind.RecordAsDictionary : JsonLineKind.Record;
                        }
                        dictionary |= RepeatsAKey(line, first);
                        _keys.RemoveRange(first, _keys.Count - first);
                        break;
                }
                end = (int)reader.BytesConsumed;
            }
            return JsonLineKind.Other;
        }
        catch (JsonException)
        {
            return JsonLineKind.Other;
        }
    }

    /// <summary>
    /// Whether a token starts where the writer would put it after the previous one: at once, or after the comma between
    /// two values (a trailing comma before a closing bracket, a space or a comment is not written).
    /// </summary>
    private static bool Adjacent(ReadOnlySpan<byte> line, int end, int start, JsonTokenType token) => (start - end) switch
    {
        0 => true,
        1 => line[end] == (byte)',' && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray),
        _ => false,
    };

    /// <summary>
    /// Whether the string the reader is on is text the dictionary parser accepts (GetString would not throw); clears
    /// <paramref name="canonical"/> unless its bytes are the ones the writer writes for that text.
    /// </summary>
    private bool IsValidText(ref Utf8JsonReader reader, ref bool canonical)
    {
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(reader.ValueSpan)) return false;
            if (canonical) canonical = Encoder.FindFirstCharacterToEncodeUtf8(reader.ValueSpan) < 0;
            return true;
        }
        if (_scratch.Length < reader.ValueSpan.Length) _scratch = new byte[Math.Max(reader.ValueSpan.Length, _scratch.Length * 2)];
        int length;
        try
        {
            length = reader.CopyString(_scratch);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        var text = _scratch.AsSpan(0, length);
        if (!Utf8.IsValid(text)) return false;
        if (canonical) canonical = EscapesAsWritten(text, reader.ValueSpan);
        return true;
    }

    /// <summary>Whether the writer's escaping of <paramref name="text"/> gives <paramref name="escaped"/> (the line's bytes).</summary>
    private bool EscapesAsWritten(ReadOnlySpan<byte> text, ReadOnlySpan<byte> escaped)
    {
        // Escaping writes at most six bytes per byte; the comparison fails early when the lengths differ anyway.
        if (_escaped.Length < text.Length * 6) _escaped = new byte[Math.Max(text.Length * 6, _escaped.Length * 2)];
        return Encoder.EncodeUtf8(text, _escaped, out _, out var written) == OperationStatus.Done && _escaped.AsSpan(0, written).SequenceEqual(escaped);
    }

    /// <summary>
    /// Whether the number reads as the value model reads it (a long, else a finite-or-not double); clears
    /// <paramref name="canonical"/> unless its bytes are the ones the writer writes for that value.
    /// </summary>
    private bool IsNumber(ref Utf8JsonReader reader, ref bool canonical)
    {
        if (reader.TryGetInt64(out _))
        {
            // JSON has no leading zeros or plus sign, so a long's text is the writer's but for minus zero.
            if (canonical) canonical = !reader.ValueSpan.SequenceEqual("-0"u8);
            return true;
        }
        if (!reader.TryGetDouble(out var number)) return false;
        if (canonical)
        {
            canonical = double.IsFinite(number) && WritesAs(number, reader.ValueSpan);
        }
        return true;
    }

    private bool RepeatsAKey(ReadOnlySpan<byte> line, int first)
    {
        var count = _keys.Count - first;
        if (count > MaxNestedKeys) return true;
        for (var i = first; i < _keys.Count; i++)
            for (var j = i + 1; j < _keys.Count; j++)
                if (line.Slice(_keys[i].Start, _keys[i].Length).SequenceEqual(line.Slice(_keys[j].Start, _keys[j].Length))) return true;
        return false;
    }

    /// <summary>The top-level keys as strings, shared with an earlier line of the same key bytes; null when a key repeats.</summary>
    private string[]? NamesOf(ReadOnlySpan<byte> line)
    {
        for (var s = 0; s < _shapes.Count; s++)
        {
            var (names, utf8) = _shapes[s];
            if (names.Length != _keys.Count) continue;
            var same = true;
            for (var i = 0; same && i < names.Length; i++) same = line.Slice(_keys[i].Start, _keys[i].Length).SequenceEqual(utf8[i]);
            if (!same) continue;
            if (s > 0) { _shapes.RemoveAt(s); _shapes.Insert(0, (names, utf8)); }
            return names;
        }
        var keys = new string[_keys.Count];
        var bytes = new byte[_keys.Count][];
        var distinct = new HashSet<string>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            bytes[i] = line.Slice(_keys[i].Start, _keys[i].Length).ToArray();
            keys[i] = Encoding.UTF8.GetString(bytes[i]);
            if (!distinct.Add(keys[i])) return null;
        }
        if (_shapes.Count == MaxShapes) _shapes.RemoveAt(MaxShapes - 1);
        _shapes.Insert(0, (keys, bytes));
        return keys;
    }
}
