namespace Siphon.Simulator;

/// <summary>One JSON array of objects (one per line) or JSON Lines. Integer columns are numbers, the rest strings.</summary>
internal sealed class JsonRecordWriter(TextWriter output, IReadOnlyList<Column> columns, bool asArray)
    : RecordWriter(output, columns)
{
    private bool _any;

    public override void WriteStart()
    {
        if (asArray) Output.Write("[\n");
    }

    public override void WriteRecord(string[] values)
    {
        if (asArray && _any) Output.Write(",\n");
        _any = true;
        Output.Write('{');
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) Output.Write(',');
            WriteString(Columns[i].Name);
            Output.Write(':');
            if (Columns[i].IsInteger) Output.Write(values[i]);
            else WriteString(values[i]);
        }

        Output.Write('}');
        if (!asArray) Output.Write('\n');
    }

    public override void WriteEnd()
    {
        if (asArray) Output.Write(_any ? "\n]\n" : "]\n");
    }

    private void WriteString(string value)
    {
        Output.Write('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': Output.Write("\\\""); break;
                case '\\': Output.Write("\\\\"); break;
                case < ' ': Output.Write($"\\u{(int)c:x4}"); break;
                default: Output.Write(c); break;
            }
        }

        Output.Write('"');
    }
}
