using System.Text.Json;
using Siphon.Records;

namespace Siphon.Runs.Protocol;

/// <summary>
/// A batch of UTF-8 text rows with their RECORD lines already rendered (<see cref="TextRecordLines"/>), on the task that
/// decoded them: the writer then only copies the lines. Slices share the lines; the rows themselves stay in the inner
/// batch for anyone who needs them as records.
/// </summary>
internal sealed class RenderedBatch : RecordBatch
{
    private readonly RecordBatch _rows;
    private readonly Lines _lines;
    private readonly int _first;

    private RenderedBatch(RecordBatch rows, Lines lines, int first, int count) : base(count)
    {
        _rows = rows;
        _lines = lines;
        _first = first;
    }

    public static RenderedBatch Render(TextRecordLines renderer, string stream, Utf8Batch rows, long emittedAt)
    {
        var lines = new Lines(stream, rows.Count);
        renderer.Render(lines.Buffer, lines.Ends, stream, rows, emittedAt);
        return new RenderedBatch(rows, lines, 0, rows.Count);
    }

    /// <summary>Which stream the lines were rendered for.</summary>
    public string Stream => _lines.Stream;

    /// <summary>This batch's lines, one per row, each ending with a line break.</summary>
    public ReadOnlySpan<byte> Text
    {
        get
        {
            if (Count == 0) return default;
            var start = _first == 0 ? 0 : _lines.Ends[_first - 1];
            return _lines.Buffer.WrittenSpan[start.._lines.Ends[_first + Count - 1]];
        }
    }

    public override Dictionary<string, object?> Materialize(int row) => _rows.Materialize(_first + row);

    public override RecordBatch Slice(int start, int count)
    {
        CheckSlice(start, count);
        return new RenderedBatch(_rows, _lines, _first + start, count);
    }

    public override void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key) => _rows.WriteFields(_first + row, writer, key);

    /// <summary>The rendered lines of a batch: one buffer and the end of each row's line.</summary>
    private sealed class Lines(string stream, int rows)
    {
        public string Stream { get; } = stream;
        public System.Buffers.ArrayBufferWriter<byte> Buffer { get; } = new(rows * 256);
        public int[] Ends { get; } = new int[rows];
    }
}
