using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Siphon.Records;

namespace Siphon.Runs.Protocol;

/// <summary>
/// RECORD lines for a batch of JSON lines (<see cref="JsonLineBatch"/>): a line that is already the JSON writer's bytes
/// for its record (<see cref="JsonLineBatch.Verbatim"/>) is copied between the envelope's two halves; one whose keys a
/// transformation renamed has its values copied under the new names (<see cref="JsonLineBatch.CanonicalFields"/>); any
/// other is transcribed by the JSON writer, as <see cref="AirbyteMessageWriter.WriteRecord"/> would write it. Safe to
/// use from several threads at once (batches are rendered on the tasks that decoded them).
/// </summary>
internal sealed class JsonLineRecordLines
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private readonly RecordEnvelope _envelope;
    private readonly Func<string, JsonEncodedText> _key;

    public JsonLineRecordLines(RecordEnvelope envelope)
    {
        _envelope = envelope;
        _key = envelope.EncodedName;
    }

    /// <summary>
    /// Writes one line per row into <paramref name="output"/> (a row's line is asked for whole, in one span);
    /// <paramref name="rowWritten"/> runs after each.
    /// </summary>
    public void Write(IBufferWriter<byte> output, string stream, JsonLineBatch batch, long emittedAt, Action rowWritten)
    {
        // The envelope's halves with the data's braces; a verbatim line brings its own, so it goes between the rest.
        var open = _envelope.Prefix(stream).AsSpan();
        var prefix = open[..^1];
        Span<byte> close = stackalloc byte[RecordEnvelope.MaxSuffixLength];
        close = close[..RecordEnvelope.Suffix(emittedAt, close)];
        var suffix = close[1..];
        string[]? keysOf = null;
        byte[][]? keys = null;
        var keysLength = 0;
        ArrayBufferWriter<byte>? transcribed = null;
        Utf8JsonWriter? json = null;
        try
        {
            for (var row = 0; row < batch.Count; row++)
            {
                ReadOnlySpan<byte> data;
                if (batch.Verbatim(row)) data = batch.Line(row);
                else if (batch.CanonicalFields(row) is { } names)
                {
                    // Rows of a batch share a shape or two: its keys are looked up once, not per row.
                    if (!ReferenceEquals(names, keysOf))
                    {
                        keysOf = names;
                        keys = Array.ConvertAll(names, _envelope.FieldKey);
                        keysLength = keys.Sum(k => k.Length);
                    }
                    WriteRenamed(output, open, batch.Line(row), keys!, keysLength, close);
                    rowWritten();
                    continue;
                }
                else
                {
                    transcribed ??= new ArrayBufferWriter<byte>(1024);
                    json ??= new Utf8JsonWriter(transcribed, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });
                    transcribed.ResetWrittenCount();
                    json.Reset();
                    json.WriteStartObject();
                    batch.WriteFields(row, json, _key);
                    json.WriteEndObject();
                    json.Flush();
                    data = transcribed.WrittenSpan;
                }
                var line = output.GetSpan(prefix.Length + data.Length + suffix.Length);
                prefix.CopyTo(line);
                data.CopyTo(line[prefix.Length..]);
                suffix.CopyTo(line[(prefix.Length + data.Length)..]);
                output.Advance(prefix.Length + data.Length + suffix.Length);
                rowWritten();
            }
        }
        finally
        {
            json?.Dispose();
        }
    }

    /// <summary>
    /// A line in the writer's form (<c>{"K":v,...}</c>, no space, valid) written with each key replaced by its new name:
    /// the values are found by skipping strings and brackets, and copied.
    /// </summary>
    private void WriteRenamed(IBufferWriter<byte> output, ReadOnlySpan<byte> open, ReadOnlySpan<byte> line, byte[][] keys, int keysLength, ReadOnlySpan<byte> close)
    {
        var span = output.GetSpan(open.Length + keysLength + line.Length + close.Length);
        open.CopyTo(span);
        var at = open.Length;
        var from = 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
                from++;
            }
            from = StringEnd(line, from) + 1;
            var key = keys[i];
            key.CopyTo(span[at..]);
            at += key.Length;
            var end = ValueEnd(line, from);
            line[from..end].CopyTo(span[at..]);
            at += end - from;
            from = end;
        }
        close.CopyTo(span[at..]);
        output.Advance(at + close.Length);
    }

    private static readonly SearchValues<byte> QuoteOrEscape = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> Structure = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> ScalarEnd = SearchValues.Create(",}"u8);

    /// <summary>Where the string that starts at <paramref name="start"/> (its opening quote) ends: just past its closing quote.</summary>
    private static int StringEnd(ReadOnlySpan<byte> json, int start)
    {
        var at = start + 1;
        while (true)
        {
            at += json[at..].IndexOfAny(QuoteOrEscape);
            if (json[at] == (byte)'"') return at + 1;
            at += 2; // an escape: the byte after the backslash is never the string's end
        }
    }

    /// <summary>Where the top-level value that starts at <paramref name="start"/> ends (the comma or brace after it).</summary>
    private static int ValueEnd(ReadOnlySpan<byte> json, int start)
    {
        switch (json[start])
        {
            case (byte)'"':
                return StringEnd(json, start);
            case (byte)'{' or (byte)'[':
                var depth = 0;
                var at = start;
                while (true)
                {
                    at += json[at..].IndexOfAny(Structure);
                    switch (json[at])
                    {
                        case (byte)'"': at = StringEnd(json, at); continue;
                        case (byte)'{' or (byte)'[': depth++; break;
                        default:
                            if (--depth == 0) return at + 1;
                            break;
                    }
                    at++;
                }
            default:
                return start + json[start..].IndexOfAny(ScalarEnd);
        }
    }
}
