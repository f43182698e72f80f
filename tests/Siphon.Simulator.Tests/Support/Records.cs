using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Siphon.Simulator.Tests;

/// <summary>A test-side client decoder: turns downloaded bytes into records the way an engine would, for checksums.</summary>
internal static class Records
{
    public static List<KeyValuePair<string, string?>[]> Decode(byte[] bytes, string format, string compression)
    {
        var text = Encoding.UTF8.GetString(Decompress(bytes, compression));
        return format switch
        {
            "csv" => Delimited(text, ','),
            "tsv" => Delimited(text, '\t'),
            "json" => FromJson(JsonDocument.Parse(text).RootElement.EnumerateArray()),
            "jsonl" => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Pairs(JsonDocument.Parse(l).RootElement)).ToList(),
            "xml" => Xml(text),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    public static byte[] Decompress(byte[] bytes, string compression)
    {
        switch (compression)
        {
            case "gzip":
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var output = new MemoryStream();
                gzip.CopyTo(output);
                return output.ToArray();
            }

            case "zip":
            {
                using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                using var entry = zip.Entries.Single().Open();
                using var output = new MemoryStream();
                entry.CopyTo(output);
                return output.ToArray();
            }

            default:
                return bytes;
        }
    }

    public static ChecksumAccumulator Checksum(IEnumerable<KeyValuePair<string, string?>[]> records)
    {
        var sum = new ChecksumAccumulator();
        foreach (var record in records) sum.Add(record);
        return sum;
    }

    public static List<KeyValuePair<string, string?>[]> FromJson(IEnumerable<JsonElement> elements) => elements.Select(Pairs).ToList();

    public static KeyValuePair<string, string?>[] Pairs(JsonElement record) =>
        record.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, RecordChecksum.ValueText(p.Value))).ToArray();

    private static List<KeyValuePair<string, string?>[]> Delimited(string text, char delimiter)
    {
        var rows = ParseDelimited(text, delimiter);
        var header = rows[0];
        return rows.Skip(1).Select(r => header.Select((h, i) => new KeyValuePair<string, string?>(h, r[i])).ToArray()).ToList();
    }

    /// <summary>RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks.</summary>
    public static List<string[]> ParseDelimited(string text, char delimiter)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && delimiter != '\t') quoted = true;
            else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add([.. fields]); fields.Clear(); }
            else field.Append(c);
        }

        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); rows.Add([.. fields]); }
        return rows;
    }

    private static List<KeyValuePair<string, string?>[]> Xml(string text)
    {
        var document = new XmlDocument();
        document.LoadXml(text);
        return document.DocumentElement!.ChildNodes.OfType<XmlElement>()
            .Select(r => r.ChildNodes.OfType<XmlElement>().Select(f => new KeyValuePair<string, string?>(f.Name, f.InnerText)).ToArray())
            .ToList();
    }
}
