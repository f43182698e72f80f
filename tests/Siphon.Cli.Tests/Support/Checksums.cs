using System.Globalization;
using System.Text.Json.Nodes;
using Siphon.Simulator;

namespace Siphon.Cli.Tests.Support;

/// <summary>Compares RECORD messages with what the simulator says it served (count and order-independent checksum).</summary>
public static class Checksums
{
    public static ExpectedRecords Of(IEnumerable<JsonObject> recordMessages)
    {
        var sum = new ChecksumAccumulator();
        foreach (var record in recordMessages)
        {
            using var document = System.Text.Json.JsonDocument.Parse(record["record"]!["data"]!.ToJsonString());
            sum.Add(document.RootElement);
        }
        return new ExpectedRecords(sum.Count, sum.Checksum);
    }

    public static ExpectedRecords Sum(IEnumerable<ExpectedRecords> parts)
    {
        var list = parts.ToList();
        return new ExpectedRecords(list.Sum(p => p.Records),
            RecordChecksum.Format(list.Aggregate(0UL, (sum, p) => sum + ulong.Parse(p.Checksum, NumberStyles.HexNumber))));
    }

    /// <summary>Every record of the family's completed jobs.</summary>
    public static ExpectedRecords CompletedJobs(SimulatorHost simulator, string? family = null) => Sum(simulator.Stats.Jobs
        .Where(j => j.Phase == JobPhase.Completed && (family is null || j.Family == family))
        .Select(j => simulator.ExpectedForJob(j.Id)));
}
