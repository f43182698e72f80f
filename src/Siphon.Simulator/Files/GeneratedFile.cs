using System.IO.Compression;
using System.Text;

namespace Siphon.Simulator;

/// <summary>
/// One downloadable file: a slice of a dataset's rows in a format and compression. Writing it twice gives the same
/// bytes (compression level, zip timestamps and write sizes are all fixed), which is what lets Range requests
/// resume by regenerating and skipping. Nothing is materialised: rows are generated as the output accepts them.
/// </summary>
internal sealed record GeneratedFile(Dataset Dataset, long FirstRow, long RowCount, string Format, string Compression, string EntryName)
{
    private static readonly DateTimeOffset ZipTimestamp = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public void WriteTo(Stream output, CancellationToken ct)
    {
        switch (Compression)
        {
            case FileFormats.Gzip:
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    WriteRecords(gzip, ct);
                }

                break;
            case FileFormats.Zip:
                using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
                {
                    var entry = zip.CreateEntry(EntryName, CompressionLevel.Fastest);
                    entry.LastWriteTime = ZipTimestamp;
                    using var entryStream = entry.Open();
                    WriteRecords(entryStream, ct);
                }

                break;
            default:
                WriteRecords(output, ct);
                break;
        }

        output.Flush();
    }

    /// <summary>The file's length in bytes, by generating it into a counter (needed for Content-Range).</summary>
    public long MeasureLength(CancellationToken ct)
    {
        using var counter = new CountingStream();
        WriteTo(counter, ct);
        return counter.Length;
    }

    private void WriteRecords(Stream stream, CancellationToken ct)
    {
        using var text = new StreamWriter(stream, Utf8, bufferSize: 32 * 1024, leaveOpen: true);
        var writer = RecordWriter.Create(Format, text, Dataset.Schema.Columns);
        var values = new string[Dataset.Schema.Columns.Count];
        writer.WriteStart();
        for (var row = FirstRow; row < FirstRow + RowCount; row++)
        {
            if ((row & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
            Dataset.Fill(row, values);
            writer.WriteRecord(values);
        }

        writer.WriteEnd();
    }
}
