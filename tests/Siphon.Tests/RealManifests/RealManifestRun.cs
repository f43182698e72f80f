using System.Globalization;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Simulator;
using Siphon.Source;
using Siphon.Tests.Runs;
using Siphon.Tests.Support;
using Siphon.Values;

namespace Siphon.Tests.RealManifests;

/// <summary>
/// Runs a real manifest, read in place from the shared folder and never changed, against the simulator: its API host is
/// mapped to the simulator's base URL with <see cref="HttpSessionOptions.UrlMappings"/> (the CLI's <c>--map-url</c>).
/// </summary>
internal static class RealManifestRun
{
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static async Task<ConnectorDefinition> LoadAsync(string name)
    {
        var loaded = await ConnectorLoader.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml"), CancellationToken.None);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Errors));
        return loaded.Definition!;
    }

    public static HttpSession Session(SimulatorHost simulator, string apiHost, IRunEventSink? events = null) => new(
        new HttpSessionOptions { UrlMappings = [UrlMapping.Parse($"{apiHost}={simulator.BaseUrl}")] },
        events, time: new FastForwardClock(Start));

    /// <summary>Reads <paramref name="streams"/> through the real read loop; fails the test when a stream fails.</summary>
    public static async Task<CollectingOutput> ReadAsync(ConnectorDefinition connector, HttpSession session, string config, params string[] streams)
    {
        var output = new CollectingOutput();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var summary = await new SourceReader(connector, session).ReadAsync(
            ReadTestKit.Json(config), streams.Select(s => new StreamReadRequest(s)).ToList(), output, timeout.Token);
        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures.Select(f => $"{f.Stream}: {f.Error}")));
        return output;
    }

    /// <summary>The simulator's checksum of records, leaving out the fields a manifest's transformations added.</summary>
    public static ExpectedRecords Checksum(IEnumerable<Dictionary<string, object?>> records, params string[] added)
    {
        var sum = new ChecksumAccumulator();
        foreach (var record in records)
            sum.Add(record.Where(p => !added.Contains(p.Key)).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value switch
            {
                null => "",
                string s => s,
                long l => l.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                var other => JsonValues.ToJson(other),
            })));
        return new ExpectedRecords(sum.Count, sum.Checksum);
    }

    /// <summary>What the simulator served across every completed job (of one family), as one checksum.</summary>
    public static ExpectedRecords ExpectedForCompletedJobs(SimulatorHost simulator, string? family = null)
    {
        var expected = simulator.Stats.Jobs
            .Where(j => j.Phase == JobPhase.Completed && (family is null || j.Family == family))
            .Select(j => simulator.ExpectedForJob(j.Id)).ToList();
        return new ExpectedRecords(expected.Sum(e => e.Records),
            RecordChecksum.Format(expected.Aggregate(0UL, (sum, e) => sum + ulong.Parse(e.Checksum, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
    }
}
