namespace Siphon.Simulator;

/// <summary>The file formats and compressions the export families can produce.</summary>
internal static class FileFormats
{
    public const string Csv = "csv";
    public const string Tsv = "tsv";
    public const string Json = "json";
    public const string Jsonl = "jsonl";
    public const string Xml = "xml";
    public const string None = "none";
    public const string Gzip = "gzip";
    public const string Zip = "zip";

    public static IReadOnlyList<string> Formats { get; } = [Csv, Tsv, Json, Jsonl, Xml];

    public static IReadOnlyList<string> Compressions { get; } = [None, Gzip, Zip];

    public static bool IsKnownFormat(string format) => Formats.Contains(format);

    public static bool IsKnownCompression(string compression) => Compressions.Contains(compression);

    public static string ContentType(string format, string compression) => compression switch
    {
        Gzip => "application/gzip",
        Zip => "application/zip",
        _ => format switch
        {
            Csv => "text/csv; charset=utf-8",
            Tsv => "text/tab-separated-values; charset=utf-8",
            Json => "application/json",
            Jsonl => "application/x-ndjson",
            _ => "application/xml",
        },
    };

    public static string Extension(string format, string compression) => "." + format + compression switch
    {
        Gzip => ".gz",
        Zip => ".zip",
        _ => "",
    };
}
