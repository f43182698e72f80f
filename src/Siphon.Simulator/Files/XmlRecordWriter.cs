namespace Siphon.Simulator;

/// <summary>
/// <c>&lt;records&gt;&lt;record&gt;&lt;column&gt;value&lt;/column&gt;...</c>, one record per line. Column names with spaces
/// become element names with underscores (the only family with such names, segments, defaults to TSV).
/// </summary>
internal sealed class XmlRecordWriter(TextWriter output, IReadOnlyList<Column> columns) : RecordWriter(output, columns)
{
    private readonly string[] _names = columns.Select(c => c.Name.Replace(' ', '_')).ToArray();

    public override void WriteStart() => Output.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<records>\n");

    public override void WriteRecord(string[] values)
    {
        Output.Write("<record>");
        for (var i = 0; i < values.Length; i++)
        {
            Output.Write('<');
            Output.Write(_names[i]);
            Output.Write('>');
            WriteEscaped(values[i]);
            Output.Write("</");
            Output.Write(_names[i]);
            Output.Write('>');
        }

        Output.Write("</record>\n");
    }

    public override void WriteEnd() => Output.Write("</records>\n");

    private void WriteEscaped(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            Output.Write(value);
            return;
        }

        foreach (var c in value)
        {
            Output.Write(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                _ => c.ToString(),
            });
        }
    }
}
