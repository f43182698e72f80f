using System.Text;
using System.Text.Json;

namespace Siphon.Records;

/// <summary>
/// Rows whose values are all text or null under the same field names, kept as the UTF-8 bytes they were decoded from
/// (a UTF-8 CSV body's rows): every cell is a (start, length) pair into one byte buffer, so a row costs no dictionary,
/// no string and no transcoding until someone materialises it, and a writer copies the bytes straight into JSON.
/// The bytes are valid UTF-8 (the decoder checks them), so a value writes exactly as its string would.
/// </summary>
public sealed class Utf8Batch : RecordBatch, ITextRows
{
    /// <summary>A cell's length when its value is null.</summary>
    internal const int Null = -1;

    private readonly BatchFields _fields;
    private readonly int _width;
    private readonly BatchStorage _storage;
    private readonly byte[] _bytes;
    private readonly int[] _cells;
    private readonly int _first;

    /// <param name="width">Cells stored per row.</param>
    /// <param name="cells">Two entries per stored cell: its start in <paramref name="bytes"/> and its length (or <see cref="Null"/>).</param>
    internal Utf8Batch(BatchFields fields, int width, byte[] bytes, int[] cells, int first, int count)
        : this(fields, width, new BatchStorage(bytes, cells), first, count)
    {
    }

    internal Utf8Batch(BatchFields fields, int width, BatchStorage storage, int first, int count) : base(count)
    {
        _fields = fields;
        _width = width;
        _storage = storage;
        _bytes = storage.Bytes;
        _cells = storage.Cells;
        _first = first;
    }

    public IReadOnlyList<string> Names => _fields.Names;

    public bool HoldsUtf8 => true;

    /// <summary>
    /// What a writer reads a row from without a call per value: the bytes, the cell entries (start, length or
    /// <see cref="Null"/>), where row 0's entries begin, the entries per row, and each field's cell in a row.
    /// </summary>
    internal (byte[] Bytes, int[] Cells, int First, int Stride, int[] FieldCells) Layout
    {
        get
        {
            _storage.EnsureReadable();
            return (_bytes, _cells, _first * _width * 2, _width * 2, _fields.Cells);
        }
    }

    /// <summary>The value of a row's field: null, or its UTF-8 bytes.</summary>
    public bool TryGetUtf8(int row, int field, out ReadOnlySpan<byte> value)
    {
        _storage.EnsureReadable();
        var cell = ((_first + row) * _width + _fields.Cells[field]) * 2;
        var length = _cells[cell + 1];
        value = length == Null ? default : _bytes.AsSpan(_cells[cell], length);
        return length != Null;
    }

    public string? GetString(int row, int field) =>
        TryGetUtf8(row, field, out var value) ? (value.IsEmpty ? string.Empty : Encoding.UTF8.GetString(value)) : null;

    public override Dictionary<string, object?> Materialize(int row) => ITextRows.Record(this, row);

    public override RecordBatch Slice(int start, int count)
    {
        CheckSlice(start, count);
        return new Utf8Batch(_fields, _width, _storage, _first + start, count);
    }

    public override RecordBatch Renamed(Func<string, string> rename) => new Utf8Batch(_fields.Renamed(rename), _width, _storage, _first, Count);

    /// <summary>Gives the rows' block and cells back to the decoder's pool; every view of this batch stops reading.</summary>
    public override void Release() => _storage.Release();

    public override void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key)
    {
        var names = _fields.Names;
        for (var i = 0; i < names.Length; i++)
        {
            writer.WritePropertyName(key(names[i]));
            if (TryGetUtf8(row, i, out var value)) writer.WriteStringValue(value);
            else writer.WriteNullValue();
        }
    }
}
