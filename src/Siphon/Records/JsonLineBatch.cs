using System.Text.Json;
using Siphon.Values;

namespace Siphon.Records;

/// <summary>
/// JSON lines that are objects, kept as their UTF-8 bytes in one buffer per batch (a JSONL body's records): a row costs
/// no dictionary and no string per value. Rows that share their top-level keys share one array of names (a shape);
/// <see cref="WriteFields"/> transcribes a row's values token by token (<see cref="JsonTranscriber"/>), writing the bytes
/// the dictionary path writes. A row whose keys a dictionary would merge (a repeated key, an escaped one, two keys a
/// rename makes one) has no shape and is written from its materialised dictionary instead, so the rule is the
/// dictionary's own.
/// </summary>
public sealed partial class JsonLineBatch : RecordBatch
{
    /// <summary>A row's shape when it has none: it is written from its dictionary.</summary>
    private const int NoShape = -1;

    /// <summary>Set beside a row's shape when its line is already the JSON writer's bytes for its record.</summary>
    private const int VerbatimBit = 1 << 30;

    private readonly BatchStorage _storage;
    private readonly byte[] _utf8;
    /// <summary>Per row: start and length of its line in <see cref="_utf8"/>, and its shape's index (or <see cref="NoShape"/>), with <see cref="VerbatimBit"/>.</summary>
    private readonly int[] _rows;
    /// <summary>Each shape's field names after the renames, or null when the renames made two of them one.</summary>
    private readonly string[]?[] _shapes;
    /// <summary>Each shape's field names as the lines spell them.</summary>
    private readonly string[]?[] _original;
    /// <summary>The key-only renames applied to the batch, in order, for the rows that are materialised.</summary>
    private readonly Func<string, string>[] _renames;
    private readonly int _first;

    private JsonLineBatch(BatchStorage storage, string[]?[] shapes, string[]?[] original, Func<string, string>[] renames, int first, int count) : base(count)
    {
        _storage = storage;
        _utf8 = storage.Bytes;
        _rows = storage.Cells;
        _shapes = shapes;
        _original = original;
        _renames = renames;
        _first = first;
    }

    /// <summary>Row <paramref name="row"/>'s line, as decoded (without a byte-order mark or line ending).</summary>
    public ReadOnlySpan<byte> Line(int row)
    {
        _storage.EnsureReadable();
        var at = (_first + row) * 3;
        return _utf8.AsSpan(_rows[at], _rows[at + 1]);
    }

    /// <summary>
    /// Whether row <paramref name="row"/>'s line is, byte for byte, what the JSON writer writes for its record's data (no
    /// space between tokens, strings escaped and numbers formatted as the writer does, keys not renamed into other
    /// keys), so it can be copied instead of transcribed.
    /// </summary>
    public bool Verbatim(int row) => CanonicalShape(row) is { } shape && ReferenceEquals(_shapes[shape], _original[shape]);

    /// <summary>
    /// The field names of row <paramref name="row"/>'s record, in line order, when its line is in the writer's form and
    /// the renames kept its keys apart: each value can then be copied as it lies under its (renamed) name. Null otherwise.
    /// </summary>
    public string[]? CanonicalFields(int row) => CanonicalShape(row) is { } shape ? _shapes[shape] : null;

    /// <summary>The shape of a row whose line is in the writer's form, or null.</summary>
    private int? CanonicalShape(int row)
    {
        _storage.EnsureReadable();
        var shape = _rows[(_first + row) * 3 + 2];
        return shape == NoShape || (shape & VerbatimBit) == 0 ? null : shape & ~VerbatimBit;
    }

    /// <summary>The line parsed as the dictionary decoder parses it, then renamed as each key transformation renames a record.</summary>
    public override Dictionary<string, object?> Materialize(int row)
    {
        var record = (Dictionary<string, object?>)JsonValues.Parse(Line(row))!;
        foreach (var rename in _renames)
        {
            var entries = record.ToArray();
            record.Clear();
            foreach (var (key, value) in entries) record[rename(key)] = value;
        }
        return record;
    }

    public override RecordBatch Slice(int start, int count)
    {
        CheckSlice(start, count);
        return new JsonLineBatch(_storage, _shapes, _original, _renames, _first + start, count);
    }

    /// <summary>
    /// The same rows with every top-level key passed through <paramref name="rename"/> (a key-only transformation): each
    /// shape is renamed once; a shape whose renamed keys collide loses its names, so its rows are materialised and the
    /// dictionary decides which value stays where.
    /// </summary>
    public override RecordBatch Renamed(Func<string, string> rename)
    {
        var shapes = new string[]?[_shapes.Length];
        for (var s = 0; s < shapes.Length; s++)
        {
            if (_shapes[s] is not { } names) continue;
            var renamed = Array.ConvertAll(names, key => rename(key));
            // A rename that changes no key (lower case keys made lower case) keeps the shape, and its lines stay verbatim.
            shapes[s] = renamed.AsSpan().SequenceEqual(names) ? names
                : new HashSet<string>(renamed, StringComparer.Ordinal).Count == renamed.Length ? renamed : null;
        }
        return new JsonLineBatch(_storage, shapes, _original, [.. _renames, rename], _first, Count);
    }

    /// <summary>Gives the lines' buffer and row entries back to the pool; every view of this batch stops reading.</summary>
    public override void Release() => _storage.Release();


    public override void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key)
    {
        _storage.EnsureReadable();
        var shape = _rows[(_first + row) * 3 + 2];
        if (shape != NoShape) shape &= ~VerbatimBit;
        if (shape == NoShape || _shapes[shape] is not { } names)
        {
            foreach (var (name, value) in Materialize(row))
            {
                writer.WritePropertyName(key(name));
                JsonValues.Write(writer, value);
            }
            return;
        }
        var line = Line(row);
        var reader = new Utf8JsonReader(line, JsonTranscriber.OptionsFor(line));
        reader.Read();
        var field = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.WritePropertyName(key(names[field++]));
            reader.Read();
            JsonTranscriber.WriteValue(ref reader, writer);
        }
    }
}
