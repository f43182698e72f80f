using System.Buffers;
using System.Text.Json;
using Siphon.Records;

namespace Siphon.Runs.Protocol;

/// <summary>
/// A batch with its RECORD lines already rendered (<see cref="TextRecordLines"/>, <see cref="JsonLineRecordLines"/>), on the task that
/// decoded them: the writer then only copies the lines. Slices share the lines; the rows themselves stay in the inner
/// batch for anyone who needs them as records. The lines lie in chunks of 32 KB, a row's line never split, so no
/// chunk reaches the large object heap (whose garbage waits for a full collection: one buffer per batch did, and the
/// peak memory of a 1M-row read rose by half). The chunks are rented, and go back to the pool once every row of the
/// batch has been copied, by however many slices: nothing else reads them, and a copy after that fails rather than
/// reading a chunk someone else now fills. The inner batch's rows are released then too (<see cref="RecordBatch.Release"/>):
/// the read path reads a rendered batch's rows only before writing it (a cursor's batches are never rendered; a page
/// keeps its last row as a record). A batch whose rows are never all copied (a stopped read) leaves its chunks and
/// rows to the collector.
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

    /// <summary>The batch with the lines <paramref name="writeLines"/> writes, one per row, calling the given action after each.</summary>
    public static RenderedBatch Render(string stream, RecordBatch rows, Action<IBufferWriter<byte>, Action> writeLines)
    {
        var lines = new Lines(stream, rows);
        writeLines(lines, lines.RowWritten);
        return new RenderedBatch(rows, lines, 0, rows.Count);
    }

    /// <summary>Which stream the lines were rendered for.</summary>
    public string Stream => _lines.Stream;

    /// <summary>Copies this batch's lines, one per row, into <paramref name="output"/>.</summary>
    public void CopyLines(IBufferWriter<byte> output)
    {
        if (Count > 0) _lines.CopyRows(_first, _first + Count, output);
    }

    public override Dictionary<string, object?> Materialize(int row) => _rows.Materialize(_first + row);

    public override RecordBatch Slice(int start, int count)
    {
        CheckSlice(start, count);
        return new RenderedBatch(_rows, _lines, _first + start, count);
    }

    public override void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key) => _rows.WriteFields(_first + row, writer, key);

    /// <summary>The rendered lines of a batch: chunks, and where each row's line ends (its chunk, and the offset in it).</summary>
    private sealed class Lines : IBufferWriter<byte>
    {
        private const int ChunkSize = 32 * 1024;
        private int _copied;
        private bool _returned;
        private readonly RecordBatch _batch;
        private readonly List<byte[]> _chunks = [];
        private readonly List<int> _lengths = [];
        private readonly (int Chunk, int End)[] _ends;
        private byte[] _chunk = [];
        private int _used;
        private int _rows;

        public Lines(string stream, RecordBatch rows)
        {
            Stream = stream;
            _batch = rows;
            _ends = new (int, int)[rows.Count];
            RowWritten = () => _ends[_rows++] = (_chunks.Count - 1, _used);
        }

        public string Stream { get; }

        public Action RowWritten { get; }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            // A row's line is asked for whole: it starts a new chunk when this one cannot hold it.
            if (_chunk.Length - _used < Math.Max(sizeHint, 1))
            {
                if (_chunks.Count > 0) _lengths.Add(_used);
                _chunk = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, sizeHint));
                _chunks.Add(_chunk);
                _used = 0;
            }
            return _chunk.AsSpan(_used);
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            GetSpan(sizeHint);
            return _chunk.AsMemory(_used);
        }

        public void Advance(int count) => _used += count;

        public void CopyRows(int first, int end, IBufferWriter<byte> output)
        {
            if (_returned) throw new InvalidOperationException("the rendered lines of this batch were already copied whole and returned to the pool");
            var (chunk, start) = first == 0 ? (0, 0) : _ends[first - 1];
            var (lastChunk, stop) = _ends[end - 1];
            // The row after a chunk's last one starts at the next chunk's beginning.
            if (first > 0 && chunk < lastChunk && start == LengthOf(chunk)) (chunk, start) = (chunk + 1, 0);
            for (; chunk <= lastChunk; chunk++, start = 0)
            {
                var until = chunk == lastChunk ? stop : LengthOf(chunk);
                output.Write(_chunks[chunk].AsSpan(start, until - start));
            }
            // The writer copies under its lock, so the count needs no atomics; every row copied, the chunks go back.
            _copied += end - first;
            if (_copied < _ends.Length) return;
            _returned = true;
            foreach (var rented in _chunks) ArrayPool<byte>.Shared.Return(rented);
            _chunks.Clear();
            _batch.Release();
        }

        /// <summary>The bytes used in a chunk.</summary>
        private int LengthOf(int chunk) => chunk < _lengths.Count ? _lengths[chunk] : _used;
    }
}
