using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using Siphon.Records;

namespace Siphon.Runs.Protocol;

/// <summary>
/// RECORD lines for a batch of JSON lines (<see cref="JsonLineBatch"/>): a line that is already the JSON writer's bytes
/// for its record (<see cref="JsonLineBatch.Verbatim"/>) is copied between the envelope's two halves; any other is
/// transcribed by the JSON writer, as <see cref="AirbyteMessageWriter.WriteRecord"/> would write it. Safe to use from
/// several threads at once (batches are rendered on the tasks that decoded them).
/// </summary>
internal sealed class JsonLineRecordLines
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private const int MaxCachedNames = 4096;

    private readonly RecordEnvelope _envelope;
    private readonly ConcurrentDictionary<string, JsonEncodedText> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Func<string, JsonEncodedText> _key;

    public JsonLineRecordLines(RecordEnvelope envelope)
    {
        _envelope = envelope;
        _key = Key;
    }

    /// <summary>
    /// Writes one line per row into <paramref name="output"/> (a row's line is asked for whole, in one span);
    /// <paramref name="rowWritten"/> runs after each.
    /// </summary>
    public void Write(IBufferWriter<byte> output, string stream, JsonLineBatch batch, long emittedAt, Action rowWritten)
    {
        // The envelope's halves without the data's braces: a verbatim line brings its own.
        var prefix = _envelope.Prefix(stream).AsSpan()[..^1];
        Span<byte> suffix = stackalloc byte[RecordEnvelope.MaxSuffixLength];
        suffix = suffix[1..RecordEnvelope.Suffix(emittedAt, suffix)];
        ArrayBufferWriter<byte>? transcribed = null;
        Utf8JsonWriter? json = null;
        try
        {
            for (var row = 0; row < batch.Count; row++)
            {
                ReadOnlySpan<byte> data;
                if (batch.Verbatim(row)) data = batch.Line(row);
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

    /// <summary>A field name escaped as the JSON writer escapes a property name, cached per name string.</summary>
    private JsonEncodedText Key(string name)
    {
        if (_names.TryGetValue(name, out var key)) return key;
        key = JsonEncodedText.Encode(name, Encoder);
        if (_names.Count < MaxCachedNames) _names.TryAdd(name, key);
        return key;
    }
}
