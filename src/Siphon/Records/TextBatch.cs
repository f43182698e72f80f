using System.Text.Json;

namespace Siphon.Records;

/// <summary>
/// Rows whose values are all text or null under the same field names (a CSV body's rows): the values of every row lie
/// in one character buffer, each cell a (start, length) pair, so a row costs no dictionary and no string per value
/// until someone materialises it. Characters rather than UTF-8 bytes, so a value is written with the very call that
/// writes its string (<see cref="Utf8JsonWriter.WriteStringValue(ReadOnlySpan{char})"/>) and the output bytes cannot differ.
/// </summary>
public sealed class TextBatch : RecordBatch, ITextRows
{
    /// <summary>A cell's length when its value is null.</summary>
    private const int Null = -1;

    private readonly BatchFields _fields;
    private readonly int _width;
    private readonly char[] _text;
    private readonly int[] _cells;
    private readonly int _first;

    /// <param name="width">Cells stored per row.</param>
    private TextBatch(BatchFields fields, int width, char[] text, int[] cells, int first, int count) : base(count)
    {
        _fields = fields;
        _width = width;
        _text = text;
        _cells = cells;
        _first = first;
    }

    /// <summary>The field names, in record order, each once.</summary>
    public IReadOnlyList<string> Names => _fields.Names;

    /// <summary>The value of a row's field: null, or its characters.</summary>
    public bool TryGetValue(int row, int field, out ReadOnlySpan<char> value)
    {
        var cell = ((_first + row) * _width + _fields.Cells[field]) * 2;
        var length = _cells[cell + 1];
        value = length == Null ? default : _text.AsSpan(_cells[cell], length);
        return length != Null;
    }

    public string? GetString(int row, int field) =>
        TryGetValue(row, field, out var value) ? (value.IsEmpty ? string.Empty : new string(value)) : null;

    public override Dictionary<string, object?> Materialize(int row) => ITextRows.Record(this, row);

    public override RecordBatch Slice(int start, int count)
    {
        CheckSlice(start, count);
        return new TextBatch(_fields, _width, _text, _cells, _first + start, count);
    }

    public override RecordBatch Renamed(Func<string, string> rename) => new TextBatch(_fields.Renamed(rename), _width, _text, _cells, _first, Count);

    public override void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key)
    {
        var names = _fields.Names;
        for (var i = 0; i < names.Length; i++)
        {
            writer.WritePropertyName(key(names[i]));
            if (TryGetValue(row, i, out var value)) writer.WriteStringValue(value);
            else writer.WriteNullValue();
        }
    }

    /// <summary>
    /// Collects rows cell by cell, then hands them out as a batch and starts afresh (a batch's storage is never written
    /// again, so batches can travel to other threads). A batch is full before its arrays reach the large object heap
    /// (85,000 bytes), whose garbage waits for a full collection: the next arrays are sized from the last batch's use.
    /// </summary>
    /// <param name="columns">The name of each cell of a row, in order; a name may repeat (its last cell gives the value).</param>
    public sealed class Builder(string[] columns) : IBatchBuilder
    {
        private readonly BatchFields _schema = BatchFields.FromColumns(columns);

        /// <summary>Characters and cell entries after which a batch is full; well under 85,000 bytes each.</summary>
        private const int MaxText = 30 * 1024, MaxCells = 8 * 1024;

        private char[] _text = new char[4 * 1024];
        private int[] _cells = new int[Math.Max(64, columns.Length * 2 * 16)];
        private int _textLength;
        private int _cellCount;
        private bool _reserved;

        public int Rows => columns.Length == 0 ? 0 : _cellCount / columns.Length;

        /// <summary>Whether the batch should go now, before its arrays grow further.</summary>
        public bool IsFull => _textLength >= MaxText || _cellCount * 2 >= MaxCells;

        public void AddNull()
        {
            _reserved = false;
            AddCell(0, Null);
        }

        public void Add(ReadOnlySpan<char> value)
        {
            value.CopyTo(Reserve(value.Length));
            Commit(value.Length);
        }

        /// <summary>Room for a value of at most <paramref name="maxLength"/> characters; <see cref="Commit"/> then says how many were written.</summary>
        public Span<char> Reserve(int maxLength)
        {
            if (_textLength + maxLength > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + maxLength));
            _reserved = true;
            return _text.AsSpan(_textLength, maxLength);
        }

        /// <summary>Keeps the <paramref name="length"/> characters written into the last <see cref="Reserve"/>d room as the next cell.</summary>
        public void Commit(int length)
        {
            if (!_reserved) throw new InvalidOperationException("Commit without Reserve");
            _reserved = false;
            AddCell(_textLength, length);
            _textLength += length;
        }

        private void AddCell(int start, int length)
        {
            if (_cellCount * 2 + 2 > _cells.Length) Array.Resize(ref _cells, _cells.Length * 2);
            _cells[_cellCount * 2] = start;
            _cells[_cellCount * 2 + 1] = length;
            _cellCount++;
        }

        RecordBatch IBatchBuilder.Build() => Build();

        public TextBatch Build()
        {
            var batch = new TextBatch(_schema, columns.Length, _text, _cells, 0, Rows);
            // The next batch likely looks like this one: room for as much again, and a little more, so it rarely grows.
            _text = new char[Math.Max(1024, _textLength + _textLength / 8 + 256)];
            _cells = new int[Math.Max(64, _cellCount * 2 + _cellCount / 4 + columns.Length * 2)];
            _textLength = 0;
            _cellCount = 0;
            return batch;
        }
    }
}
