using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Siphon.Records;

namespace Siphon.Runs.Protocol;

/// <summary>
/// RECORD lines for a batch of UTF-8 text rows (<see cref="Utf8Batch"/>), written as bytes: the envelope and each
/// <c>"name":</c> are encoded once, and a value is copied between quotes, or escaped by the very encoder
/// <see cref="Utf8JsonWriter"/> uses (<see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>), so the line is the
/// same bytes the JSON writer writes for the row's record (a test compares them) at a fraction of the calls. Safe to
/// use from several threads at once (batches are rendered on the tasks that decoded them).
/// </summary>
internal sealed class TextRecordLines(RecordEnvelope envelope)
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;


    /// <summary>
    /// Writes one line per row into <paramref name="output"/> (a row's line is asked for whole, in one span);
    /// <paramref name="rowWritten"/> runs after each, so the caller can hand full buffers on or note where rows end.
    /// </summary>
    public void Write(IBufferWriter<byte> output, string stream, Utf8Batch batch, long emittedAt, Action rowWritten)
    {
        var prefix = envelope.Prefix(stream);
        var names = batch.Names;
        var keys = new byte[names.Count][];
        var keysLength = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = envelope.FieldKey(names[i]);
            keysLength += keys[i].Length + 1;
        }
        Span<byte> suffix = stackalloc byte[RecordEnvelope.MaxSuffixLength];
        suffix = suffix[..RecordEnvelope.Suffix(emittedAt, suffix)];

        var (bytes, cells, first, stride, fieldCells) = batch.Layout;
        for (var row = 0; row < batch.Count; row++)
        {
            var entries = first + row * stride;
            var valuesLength = 0;
            for (var i = 0; i < keys.Length; i++) valuesLength += Math.Max(0, cells[entries + fieldCells[i] * 2 + 1]);
            // Escaping writes at most six bytes per byte (\uXXXX), plus quotes or "null" per value.
            var line = output.GetSpan(prefix.Length + keysLength + valuesLength * 6 + keys.Length * 4 + suffix.Length);
            prefix.CopyTo(line);
            var at = prefix.Length;
            for (var i = 0; i < keys.Length; i++)
            {
                if (i > 0) line[at++] = (byte)',';
                var key = keys[i];
                key.CopyTo(line[at..]);
                at += key.Length;
                var cell = entries + fieldCells[i] * 2;
                var length = cells[cell + 1];
                if (length != Utf8Batch.Null) at += WriteString(bytes.AsSpan(cells[cell], length), line[at..]);
                else
                {
                    "null"u8.CopyTo(line[at..]);
                    at += 4;
                }
            }
            suffix.CopyTo(line[at..]);
            output.Advance(at + suffix.Length);
            rowWritten();
        }
    }

    private static int WriteString(ReadOnlySpan<byte> value, Span<byte> line)
    {
        line[0] = (byte)'"';
        var escapeAt = Encoder.FindFirstCharacterToEncodeUtf8(value);
        int length;
        if (escapeAt < 0)
        {
            value.CopyTo(line[1..]);
            length = value.Length;
        }
        else
        {
            value[..escapeAt].CopyTo(line[1..]);
            if (Encoder.EncodeUtf8(value[escapeAt..], line[(1 + escapeAt)..], out _, out var written) != OperationStatus.Done)
                throw new InvalidOperationException("a text batch holds bytes that are not UTF-8");
            length = escapeAt + written;
        }
        line[1 + length] = (byte)'"';
        return length + 2;
    }
}
