namespace Siphon.Simulator;

/// <summary>Writes records in one text format; one instance per file.</summary>
internal abstract class RecordWriter(TextWriter output, IReadOnlyList<Column> columns)
{
    protected TextWriter Output { get; } = output;

    protected IReadOnlyList<Column> Columns { get; } = columns;

    public abstract void WriteStart();

    public abstract void WriteRecord(string[] values);

    public virtual void WriteEnd()
    {
    }

    public static RecordWriter Create(string format, TextWriter output, IReadOnlyList<Column> columns) => format switch
    {
        FileFormats.Csv => new DelimitedRecordWriter(output, columns, ','),
        FileFormats.Tsv => new DelimitedRecordWriter(output, columns, '\t'),
        FileFormats.Json => new JsonRecordWriter(output, columns, asArray: true),
        FileFormats.Jsonl => new JsonRecordWriter(output, columns, asArray: false),
        FileFormats.Xml => new XmlRecordWriter(output, columns),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };
}
