using System.Globalization;
using System.Text.Json;

namespace Siphon.Simulator;

/// <summary>The body of a report create request, validated. The job key (for failure attempts) is its canonical text.</summary>
internal sealed record ReportRequest(string ReportType, DateOnly StartDate, DateOnly EndDate, string? Format, string? Compression)
{
    public static IReadOnlyList<string> ReportTypes { get; } = ["campaigns", "ad_groups", "keywords", "search_terms"];

    public int Days => EndDate.DayNumber - StartDate.DayNumber + 1;

    public string Key => $"{ReportType}|{StartDate:yyyy-MM-dd}|{EndDate:yyyy-MM-dd}";

    /// <summary>Parses and validates; every problem is reported at once.</summary>
    public static ReportRequest Parse(JsonElement body)
    {
        var errors = new List<string>();
        string? Text(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        DateOnly Date(string name)
        {
            if (DateOnly.TryParseExact(Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.Add($"{name} is required as yyyy-MM-dd");
            return default;
        }

        var type = Text("reportType");
        if (type is null || !ReportTypes.Contains(type)) errors.Add($"reportType must be one of {string.Join(", ", ReportTypes)}");
        var start = Date("startDate");
        var end = Date("endDate");
        if (errors.Count == 0 && end < start) errors.Add("endDate is before startDate");
        if (errors.Count == 0 && end.DayNumber - start.DayNumber >= 366) errors.Add("the date window is limited to 366 days");
        var format = Text("format")?.ToLowerInvariant();
        if (format is not null && !FileFormats.IsKnownFormat(format)) errors.Add($"format must be one of {string.Join(", ", FileFormats.Formats)}");
        var compression = Text("compression")?.ToLowerInvariant();
        if (compression is not null && !FileFormats.IsKnownCompression(compression)) errors.Add($"compression must be one of {string.Join(", ", FileFormats.Compressions)}");
        if (errors.Count > 0) throw new KnobException(string.Join("; ", errors));
        return new ReportRequest(type!, start, end, format, compression);
    }
}
