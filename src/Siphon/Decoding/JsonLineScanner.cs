using System.Text;
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
    private readonly WriterForm _form = new();

    /// <summary>
    /// What the line is; for a <see cref="JsonLineKind.Record"/>, its top-level keys, and whether its bytes already are
    /// what the JSON writer writes for its record (<paramref name="verbatim"/>: no space between tokens, every string
    /// escaped as the writer escapes it, every number as the writer formats the value it reads as), so they can be copied.
    /// </summary>
    public JsonLineKind Scan(ReadOnlySpan<byte> line, out string[]? names, out bool verbatim)
    {
        if (_verbatimShape is { } shape && _form.FollowsShape(line, shape.Utf8))
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
            if (canonical) canonical = WriterForm.IsPlain(reader.ValueSpan);
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
        if (canonical) canonical = _form.EscapesAs(text, reader.ValueSpan);
        return true;
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
        if (canonical) canonical = double.IsFinite(number) && _form.WritesAs(number, reader.ValueSpan);
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
