using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Siphon.Simulator;
using Siphon.Values;

namespace Siphon.Reliability.Tests.Support;

/// <summary>Count and order-independent checksum of records, in the simulator's terms (docs/simulator.md, "The checksum").</summary>
public static class RecordSet
{
    public static ExpectedRecords Of(IEnumerable<Dictionary<string, object?>> records)
    {
        var sum = new ChecksumAccumulator();
        foreach (var record in records)
            sum.Add(record.Select(p => new KeyValuePair<string, string?>(p.Key, Text(p.Value))));
        return new ExpectedRecords(sum.Count, sum.Checksum);
    }

    public static ExpectedRecords Empty { get; } = new(0, RecordChecksum.Format(0));

    public static ExpectedRecords Sum(IEnumerable<ExpectedRecords> parts)
    {
        var list = parts.ToList();
        return new ExpectedRecords(list.Sum(p => p.Records),
            RecordChecksum.Format(list.Aggregate(0UL, (sum, p) => unchecked(sum + ulong.Parse(p.Checksum, NumberStyles.HexNumber)))));
    }

    /// <summary>What the simulator says one report request holds (GET /__expected), with the simulator's own knobs.</summary>
    public static async Task<ExpectedRecords> ReportAsync(SimulatorHost simulator, string reportType, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseUrl };
        return (await http.GetFromJsonAsync<ExpectedRecords>(
            $"__expected?family=reports&reportType={reportType}&startDate={ReportsConnector.StartDate}&endDate={ReportsConnector.EndDate}",
            new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken))!;
    }

    public static async Task<ExpectedRecords> ReportsAsync(SimulatorHost simulator, IEnumerable<string> reportTypes, CancellationToken cancellationToken = default)
    {
        var parts = new List<ExpectedRecords>();
        foreach (var type in reportTypes) parts.Add(await ReportAsync(simulator, type, cancellationToken));
        return Sum(parts);
    }

    public static string? Text(object? value) => value switch
    {
        null => "",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => JsonValues.ToJson(value),
    };
}
