using System.Buffers;

namespace Siphon.Records;

public sealed partial class JsonLineBatch
{
    /// <summary>
    /// Collects lines, then hands them out as a batch and starts afresh (a batch's storage is never written again, so
    /// batches can travel to other threads). As <see cref="TextBatch.Builder"/>, a batch is full before its arrays reach
    /// the large object heap (85,000 bytes), and the next arrays are sized from the last batch's use. The arrays are
    /// rented; a batch gives them back when it is released (<see cref="BatchStorage"/>).
    /// </summary>
    public sealed class Builder : IBatchBuilder
    {
        /// <summary>Bytes and row entries after which a batch is full; a line that arrives before then still fits under 85,000 bytes unless it is itself long.</summary>
        /// <remarks>Rented arrays come in powers of two: 64 KB is the largest under the large object heap.</remarks>
        private const int MaxBytes = 48 * 1024, MaxRowEntries = 15 * 1024, LargeObject = 64 * 1024;

        private byte[] _utf8 = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int[] _rows = ArrayPool<int>.Shared.Rent(3 * 128);
        private int _length;
        private int _count;
        private readonly List<string[]> _shapes = [];

        public int Rows => _count;

        /// <summary>Whether the batch should go now, before its arrays grow further.</summary>
        public bool IsFull => _length >= MaxBytes || _count * 3 >= MaxRowEntries;

        /// <summary>
        /// Adds a line; <paramref name="names"/> are its top-level keys in order, or null when it must be written from its
        /// dictionary; <paramref name="verbatim"/> says its bytes are the JSON writer's for its record (see <see cref="Verbatim"/>).
        /// </summary>
        public void Add(ReadOnlySpan<byte> line, string[]? names, bool verbatim)
        {
            if (_length + line.Length > _utf8.Length) _utf8 = BatchStorage.Grown(_utf8, _length, Math.Max(_length + line.Length, Math.Min(_utf8.Length * 2, LargeObject)));
            if (_count * 3 + 3 > _rows.Length) _rows = BatchStorage.Grown(_rows, _count * 3, _rows.Length * 2);
            line.CopyTo(_utf8.AsSpan(_length));
            _rows[_count * 3] = _length;
            _rows[_count * 3 + 1] = line.Length;
            _rows[_count * 3 + 2] = names is null ? NoShape : verbatim ? ShapeOf(names) | VerbatimBit : ShapeOf(names);
            _length += line.Length;
            _count++;
        }

        /// <summary>
        /// The index of a shape in this batch; the scanner shares one array per shape, so a reference finds it. Only the
        /// last few are searched (lines whose keys keep changing would make it quadratic); a shape added twice is harmless.
        /// </summary>
        private int ShapeOf(string[] names)
        {
            for (var i = _shapes.Count - 1; i >= Math.Max(0, _shapes.Count - 8); i--)
                if (ReferenceEquals(_shapes[i], names)) return i;
            _shapes.Add(names);
            return _shapes.Count - 1;
        }

        RecordBatch IBatchBuilder.Build() => Build();

        public JsonLineBatch Build()
        {
            var shapes = _shapes.ToArray();
            var batch = new JsonLineBatch(new BatchStorage(_utf8, _rows, rented: true), shapes, shapes, [], 0, _count);
            // The next batch likely looks like this one: room for as much again, and a little more, so it rarely grows.
            _utf8 = ArrayPool<byte>.Shared.Rent(Math.Min(LargeObject, Math.Max(1024, _length + _length / 8 + 256)));
            _rows = ArrayPool<int>.Shared.Rent(Math.Max(3 * 16, (_count + _count / 8 + 1) * 3));
            _length = 0;
            _count = 0;
            _shapes.Clear();
            return batch;
        }
    }
}
