using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>
/// The <c>bodyFault</c> knob: a 200 response whose body is not the file. Both bodies hold no complete record, so a
/// client that accepts them anyway shows up in <c>/__expected</c> comparisons as garbage or loss, never as a match.
/// </summary>
internal static class FaultyBody
{
    public const string Html = "html";
    public const string Malformed = "malformed";

    public static IReadOnlyList<string> Kinds { get; } = [Html, Malformed];

    private const string ErrorPage =
        "<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>\n" +
        "<body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request. Please try again later.</p></body></html>\n";

    public static async Task WriteAsync(HttpContext http, string kind, GeneratedFile file, SimulatorStats stats)
    {
        byte[] body;
        if (kind == Html)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            body = Encoding.UTF8.GetBytes(ErrorPage);
        }
        else
        {
            http.Response.ContentType = FileFormats.ContentType(file.Format, file.Compression);
            body = Compress(Encoding.UTF8.GetBytes(Broken(file)), file);
        }

        http.Response.StatusCode = 200;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
        stats.BytesSent(body.Length);
        stats.DownloadCompleted();
    }

    /// <summary>The start of the file in its format, then a defect every parser of that format must reject.</summary>
    private static string Broken(GeneratedFile file)
    {
        var columns = file.Dataset.Schema.Columns.Select(c => c.Name).ToList();
        return file.Format switch
        {
            FileFormats.Csv => string.Join(",", columns) + "\n\"an unclosed quote," + string.Join(",", columns.Skip(1).Select(_ => "x")) + "\n",
            FileFormats.Tsv => string.Join("\t", columns) + "\nonly-one-value\n",
            FileFormats.Json => "[\n{\"" + columns[0] + "\": ,}\n",
            FileFormats.Jsonl => "{\"" + columns[0] + "\": ,}\n",
            _ => "<records><record><" + columns[0] + ">1</" + columns[0] + "_mismatched></record></records>\n",
        };
    }

    private static byte[] Compress(byte[] text, GeneratedFile file)
    {
        if (file.Compression == FileFormats.None) return text;
        using var buffer = new MemoryStream();
        if (file.Compression == FileFormats.Gzip)
        {
            using var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true);
            gzip.Write(text);
        }
        else
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true);
            using var entry = zip.CreateEntry(file.EntryName, CompressionLevel.Fastest).Open();
            entry.Write(text);
        }

        return buffer.ToArray();
    }
}
