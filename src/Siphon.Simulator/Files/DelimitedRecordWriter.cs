namespace Siphon.Simulator;

/// <summary>
/// CSV (RFC 4180 quoting: fields with the delimiter, a quote or a line break are quoted, quotes doubled) or TSV
/// (never quoted, as App Store Connect writes it; generated values hold no tabs). A header row, LF line ends.
/// </summary>
internal sealed class DelimitedRecordWriter(TextWriter output, IReadOnlyList<Column> columns, char delimiter)
    : RecordWriter(output, columns)
{
    public override void WriteStart() => WriteRow(Columns.Select(c => c.Name).ToArray());

    public override void WriteRecord(string[] values) => WriteRow(values);

    private void WriteRow(string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) Output.Write(delimiter);
            WriteField(values[i]);
        }

        Output.Write('\n');
    }

    private void WriteField(string value)
    {
        if (delimiter == '\t' || value.AsSpan().IndexOfAny(delimiter, '"', '\n') < 0 && !value.Contains('\r'))
        {
            Output.Write(value);
            return;
        }

        Output.Write('"');
        Output.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        Output.Write('"');
    }
}
