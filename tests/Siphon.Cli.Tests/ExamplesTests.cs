using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;
using Siphon.Simulator;

namespace Siphon.Cli.Tests;

/// <summary>
/// Every example in examples/ runs unchanged with `siphon read` against the simulator (its configs point at port 8765,
/// mapped here with --map-url) and delivers exactly the records the simulator served: count and checksum.
/// </summary>
public sealed class ExamplesTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 300, Files = 2, PollsUntilDone = 1, PollIntervalSeconds = 0 } });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public static TheoryData<string, string> Examples() => new()
    {
        { "contacts-export", "contacts" },
        { "ads-report", "reports" },
        { "request-reply", "requestReply" },
        { "bulk-query", "bulkQuery" },
        { "incremental-list", "lists" },
        { "report-segments", "segments" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Read_Example_DeliversExactlyWhatTheSimulatorServed(string example, string family)
    {
        var result = await SiphonProcess.RunAsync("read", "--manifest", $"examples/{example}/manifest.yaml", "--config", $"examples/{example}/config.json",
            "--map-url", $"http://127.0.0.1:8765={_simulator.BaseUrl.ToString().TrimEnd('/')}");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var records = ProtocolSchema.ValidMessages(result.StandardOutput).Where(m => (string?)m["type"] == "RECORD").ToList();
        Assert.NotEmpty(records);
        Assert.Equal(await ExpectedAsync(family), Checksum(records));
        Assert.True(File.Exists(Path.Combine(SiphonProcess.RepositoryRoot, "examples", example, "README.md")));
    }

    private async Task<ExpectedRecords> ExpectedAsync(string family) => family switch
    {
        "lists" => await FromHttpAsync("family=lists&updated_after=2024-01-01T00:00:00Z&updated_before=2024-03-01T00:00:00Z"),
        "segments" => Checksums.Sum([await FromHttpAsync("family=segments&segment=seg-1"), await FromHttpAsync("family=segments&segment=seg-2")]),
        _ => Checksums.CompletedJobs(_simulator, family),
    };

    private async Task<ExpectedRecords> FromHttpAsync(string query)
    {
        using var http = new HttpClient { BaseAddress = _simulator.BaseUrl };
        return (await http.GetFromJsonAsync<ExpectedRecords>($"__expected?{query}", new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!;
    }

    private static ExpectedRecords Checksum(IEnumerable<JsonObject> records) => Checksums.Of(records);
}
