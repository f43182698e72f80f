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
}
