using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DuckDB.NET.Data;
using Siphon.Values;

namespace Siphon.DuckDb;

/// <summary>
/// Converts one value of the engine's value model to a column's type and appends it. A value is appended only
/// when it converts without loss; otherwise nothing is appended and the caller routes the value to
/// <c>_siphon_extra</c>. One instance per stream: it reuses its JSON buffer, so the record path does not
/// allocate a writer per value.
/// </summary>
internal sealed class ValueWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _json;
    private byte[] _text = new byte[256];

    /// <summary>A UTF-8 value's characters, for a typed column that parses them (<see cref="TryAppendUtf8"/>).</summary>
    private char[] _chars = new char[256];

    public ValueWriter()
    {
        // Relaxed escaping keeps non-ASCII text readable in the JSON columns.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Rough size of what was appended, for statistics.</summary>
    public long ApproximateBytes { get; private set; }

    /// <summary>Appends <paramref name="value"/> (never null) as <paramref name="kind"/>; false, having appended nothing, when it does not fit.</summary>
    public bool TryAppend(IDuckDBAppenderRow row, ColumnKind kind, object value)
    {
        switch (kind)
        {
            case ColumnKind.Varchar:
                var text = AsText(value);
                if (text is null) return false;
                ApproximateBytes += text.Length;
                AppendText(row, text);
                return true;
            case ColumnKind.BigInt:
                if (!TryInteger(value, out var integer)) return false;
                ApproximateBytes += 8;
                row.AppendValue((long?)integer);
                return true;
            case ColumnKind.Double:
                if (!TryNumber(value, out var number)) return false;
                ApproximateBytes += 8;
                row.AppendValue((double?)number);
                return true;
            case ColumnKind.Boolean:
                if (!TryBoolean(value, out var boolean)) return false;
                ApproximateBytes += 1;
                row.AppendValue((bool?)boolean);
                return true;
            case ColumnKind.TimestampTz:
                if (!TryTimestamp(value, out var timestamp)) return false;
                ApproximateBytes += 8;
                row.AppendValue((DateTimeOffset?)timestamp);
                return true;
            case ColumnKind.Date:
                if (!TryDate(value, out var date)) return false;
                ApproximateBytes += 4;
                row.AppendValue((DateOnly?)date);
                return true;
            default:
                var json = ToJson(value);
                ApproximateBytes += json.Length;
                row.AppendValue(json);
                return true;
        }
    }

    /// <summary>
    /// Appends a text value (a CSV cell, never null) as <paramref name="kind"/>, converting exactly as
    /// <see cref="TryAppend"/> converts the same value as a string, but from its characters: no string per value.
    /// </summary>
    public bool TryAppendText(IDuckDBAppenderRow row, ColumnKind kind, ReadOnlySpan<char> text)
    {
        switch (kind)
        {
            case ColumnKind.Varchar:
                ApproximateBytes += text.Length;
                AppendText(row, text);
                return true;
            case ColumnKind.BigInt:
                if (!TryInteger(text, out var integer)) return false;
                ApproximateBytes += 8;
                row.AppendValue((long?)integer);
                return true;
            case ColumnKind.Double:
                if (!TryNumber(text, out var number)) return false;
                ApproximateBytes += 8;
                row.AppendValue((double?)number);
                return true;
            case ColumnKind.Boolean:
                if (!bool.TryParse(text, out var boolean)) return false;
                ApproximateBytes += 1;
                row.AppendValue((bool?)boolean);
                return true;
            case ColumnKind.TimestampTz:
                if (!IsoTimestamp.TryParse(text, out var timestamp)) return false;
                ApproximateBytes += 8;
                row.AppendValue((DateTimeOffset?)timestamp);
                return true;
            case ColumnKind.Date:
                if (!TryDate(text, out var date)) return false;
                ApproximateBytes += 4;
                row.AppendValue((DateOnly?)date);
                return true;
            default:
                // A JSON column takes the text as a JSON string, as the string value would be written.
                StartJson();
                _json.WriteStringValue(text);
                var json = EndJson();
                ApproximateBytes += json.Length;
                row.AppendValue(json);
                return true;
        }
    }

    /// <summary>
    /// Appends a text value held as UTF-8 (a cell of a UTF-8 CSV body) as <paramref name="kind"/>: a text column takes
    /// the bytes as they are; any other kind converts the characters exactly as <see cref="TryAppendText"/>.
    /// </summary>
    public bool TryAppendUtf8(IDuckDBAppenderRow row, ColumnKind kind, ReadOnlySpan<byte> utf8)
    {
        if (kind == ColumnKind.Varchar)
        {
            // Counted in characters, as the other paths count a value.
            ApproximateBytes += Encoding.UTF8.GetCharCount(utf8);
            // DuckDB.NET takes text bytes as a Span it only reads: the batch's bytes are handed over without a copy.
            row.AppendValue(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(utf8), utf8.Length));
            return true;
        }
        if (_chars.Length < utf8.Length) _chars = new char[Math.Max(utf8.Length, 256)];
        var length = Encoding.UTF8.GetChars(utf8, _chars);
        return TryAppendText(row, kind, _chars.AsSpan(0, length));
    }

    /// <summary>
    /// Starts a JSON object written field by field (<see cref="WriteTextField"/>), for a row's <c>_siphon_extra</c>
    /// taken from a text batch: the same text as <see cref="ToJson"/> of the dictionary it replaces.
    /// </summary>
    public void StartObject()
    {
        StartJson();
        _json.WriteStartObject();
    }

    /// <summary>Writes one field of the object <see cref="StartObject"/> began: a text value, or null.</summary>
    public void WriteTextField(string name, ReadOnlySpan<char> text, bool isNull)
    {
        _json.WritePropertyName(name);
        if (isNull) _json.WriteNullValue();
        else _json.WriteStringValue(text);
    }

    /// <summary>
    /// Ends the object <see cref="StartObject"/> began and appends its UTF-8 text as it is: a CSV column the schema
    /// lacks puts an object in every row, and a string per row (then marshalled again by DuckDB.NET) showed in the profile.
    /// </summary>
    public void AppendObject(IDuckDBAppenderRow row)
    {
        _json.WriteEndObject();
        _json.Flush();
        var json = _buffer.WrittenSpan;
        var bytes = _text.Length >= json.Length ? _text : _text = new byte[Math.Max(json.Length, 256)];
        json.CopyTo(bytes);
        row.AppendValue(bytes.AsSpan(0, json.Length));
    }

    private void StartJson()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
    }

    private string EndJson()
    {
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>
    /// Appends text as UTF-8 encoded here into a reused buffer: DuckDB.NET's string overload marshals every string into
    /// memory of its own first, which was a visible share of the appender's cost for text-heavy records.
    /// </summary>
    private void AppendText(IDuckDBAppenderRow row, ReadOnlySpan<char> text)
    {
        var bytes = _text.Length >= text.Length * 3 ? _text : _text = new byte[Math.Max(text.Length * 3, 256)];
        var length = Encoding.UTF8.GetBytes(text, bytes);
        row.AppendValue(bytes.AsSpan(0, length));
    }

    /// <summary>
    /// Hashes a key value as <paramref name="kind"/>'s column stores it, so that values DuckDB compares as equal ("42"
    /// and 42 in a VARCHAR column) hash alike; false for what this does not hash (null, a value that does not fit,
    /// other column types).
    /// </summary>
    public static bool TryHashKey(ColumnKind kind, object? value, out int hash)
    {
        switch (kind)
        {
            case ColumnKind.Varchar when value is not null && AsText(value) is { } text:
                hash = string.GetHashCode(text.AsSpan());
                return true;
            case ColumnKind.BigInt when value is not null && TryInteger(value, out var integer):
                hash = integer.GetHashCode();
                return true;
            default:
                hash = 0;
                return false;
        }
    }

    /// <summary>
    /// <see cref="TryHashKey(ColumnKind, object?, out int)"/> of a text value, from its characters: the same hash as the
    /// string, so rows of a text batch and dictionaries of the same stream share one <see cref="NewKeyFilter"/>.
    /// </summary>
    public static bool TryHashKey(ColumnKind kind, ReadOnlySpan<char> text, out int hash)
    {
        switch (kind)
        {
            case ColumnKind.Varchar:
                hash = string.GetHashCode(text);
                return true;
            case ColumnKind.BigInt when TryInteger(text, out var integer):
                hash = integer.GetHashCode();
                return true;
            default:
                hash = 0;
                return false;
        }
    }

    /// <summary>Serialises a value as JSON text with the reusable buffer.</summary>
    public string ToJson(object? value)
    {
        StartJson();
        JsonValues.Write(_json, value);
        return EndJson();
    }

    // Scalars become their JSON text ("true", "42"), as Airbyte destinations do for string columns; objects and
    // arrays do not fit a string column and keep their structure in _siphon_extra.
    private static string? AsText(object value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool TryInteger(object value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            // 2^63 is exactly representable, so the range check is exact; 5.0 is the integer 5, 5.5 is not.
            case double d when d == Math.Floor(d) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18:
                result = (long)d; return true;
            case string s: return TryInteger(s.AsSpan(), out result);
            default: result = 0; return false;
        }
    }

    // A numeric text is accepted only in its canonical form ("42", not "042" or "+42") so nothing is lost.
    private static bool TryInteger(ReadOnlySpan<char> text, out long result)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result)) return false;
        Span<char> canonical = stackalloc char[20];
        return result.TryFormat(canonical, out var length, default, CultureInfo.InvariantCulture) && text.SequenceEqual(canonical[..length]);
    }

    private static bool TryNumber(object value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case long l: result = l; return true;
            case int i: result = i; return true;
            case string s: return TryNumber(s.AsSpan(), out result);
            default: result = 0; return false;
        }
    }

    private static bool TryNumber(ReadOnlySpan<char> text, out double result) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out result) && double.IsFinite(result);

    private static bool TryBoolean(object value, out bool result)
    {
        switch (value)
        {
            case bool b: result = b; return true;
            case string s when bool.TryParse(s, out result): return true;
            default: result = false; return false;
        }
    }

    private static bool TryTimestamp(object value, out DateTimeOffset result)
    {
        switch (value)
        {
            case DateTimeOffset t: result = t; return true;
            // A time without an offset is taken as UTC, the convention of the APIs we read.
            case string s when IsoTimestamp.TryParse(s, out result):
                return true;
            default: result = default; return false;
        }
    }

    private static bool TryDate(object value, out DateOnly result)
    {
        if (value is string s) return TryDate(s.AsSpan(), out result);
        result = default;
        return false;
    }

    private static bool TryDate(ReadOnlySpan<char> text, out DateOnly result) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out result);
}
