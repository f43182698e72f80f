namespace Siphon.Records;

/// <summary>
/// A batch whose rows share one list of field names and hold only text or null (a CSV body's rows): a consumer that
/// takes values one by one (a database appender, a writer) reads them here without a dictionary per row.
/// </summary>
public interface ITextRows
{
    /// <summary>The field names, in record order, each once.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The rows in the batch.</summary>
    int Count { get; }

    /// <summary>The value of a row's field (<paramref name="field"/> indexes <see cref="Names"/>) as a string, or null.</summary>
    string? GetString(int row, int field);

    /// <summary>Row <paramref name="row"/> as the record the dictionary path builds: every name, in order, its value a string or null.</summary>
    static Dictionary<string, object?> Record(ITextRows rows, int row)
    {
        var names = rows.Names;
        var record = Values.JsonValues.NewObject(names.Count);
        for (var i = 0; i < names.Count; i++) record[names[i]] = rows.GetString(row, i);
        return record;
    }

    /// <summary>
    /// The value of a row's field as characters, or false when it is null: a consumer that converts or encodes the value
    /// (a database appender) reads it without a string. By default through <see cref="GetString"/>; a batch that holds
    /// its values as characters hands out a slice of them.
    /// </summary>
    bool TryGetValue(int row, int field, out ReadOnlySpan<char> value)
    {
        var text = GetString(row, field);
        value = text;
        return text is not null;
    }

    /// <summary>True when the values are held as UTF-8 bytes (<see cref="TryGetUtf8"/> hands them out as they lie).</summary>
    bool HoldsUtf8 => false;

    /// <summary>The value of a row's field as UTF-8 bytes, or false when it is null; only when <see cref="HoldsUtf8"/>.</summary>
    bool TryGetUtf8(int row, int field, out ReadOnlySpan<byte> value) =>
        throw new NotSupportedException("this batch holds characters: read its values with TryGetValue");
}
