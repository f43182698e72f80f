using System.IO.Compression;
using System.Text;

namespace Siphon.Benchmarks;

/// <summary>
/// Bodies of <see cref="Rows"/> contacts-like records (eight columns, a quoted comma and non-ASCII text among them) in
/// each format the decoders read, built once per benchmark class.
/// </summary>
internal static class BenchmarkData
{
    public const int Rows = 10_000;

    private static readonly string[] Cities = ["Lagos", "Tokyo", "Washington, D.C.", "São Paulo", "Zürich", "Oslo"];

    private static IEnumerable<string[]> Values()
    {
        for (var i = 0; i < Rows; i++)
            yield return
            [
                $"{i:x8}-b733-4bca-9a24-b5f0bd1a09d4", $"user.{i}@example.com", i % 3 == 0 ? "José" : "Ada", "O'Brien",
                Cities[i % Cities.Length], (i * 7 % 1000).ToString(), "2024-01-04T14:16:47Z", "2024-01-24T08:06:14Z",
            ];
    }

    public static readonly string[] Columns = ["CONTACT_ID", "EMAIL", "FIRST_NAME", "LAST_NAME", "CITY", "SCORE", "CREATED_AT", "UPDATED_AT"];

    public static byte[] Csv()
    {
        var text = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var row in Values())
            text.Append(string.Join(',', row.Select(v => v.Contains(',') ? $"\"{v}\"" : v))).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Jsonl()
    {
        var text = new StringBuilder();
        foreach (var row in Values()) text.Append(JsonObject(row)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] JsonArray() =>
        Encoding.UTF8.GetBytes("{\"data\":[" + string.Join(",\n", Values().Select(JsonObject)) + "]}");

    public static byte[] Xml()
    {
        var text = new StringBuilder("<records>");
        foreach (var row in Values())
        {
            text.Append("<record>");
            for (var c = 0; c < Columns.Length; c++)
                text.Append('<').Append(Columns[c]).Append('>').Append(System.Security.SecurityElement.Escape(row[c])).Append("</").Append(Columns[c]).Append('>');
            text.Append("</record>");
        }
        return Encoding.UTF8.GetBytes(text.Append("</records>").ToString());
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(data);
        return buffer.ToArray();
    }

    /// <summary>One decoded record, as the read loop hands it to transformations and the output.</summary>
    public static Dictionary<string, object?> Record()
    {
        var record = new Dictionary<string, object?>(StringComparer.Ordinal);
        var row = Values().First();
        for (var c = 0; c < Columns.Length; c++) record[Columns[c]] = row[c];
        return record;
    }

    private static string JsonObject(string[] row) =>
        "{" + string.Join(",", Columns.Select((c, i) => $"\"{c}\":" + (c == "SCORE" ? row[i] : System.Text.Json.JsonSerializer.Serialize(row[i])))) + "}";
}
