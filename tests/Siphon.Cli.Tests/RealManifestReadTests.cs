using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;
using Siphon.Simulator;

namespace Siphon.Cli.Tests;

/// <summary>
/// A real manifest (SendGrid's, read in place from the shared folder, never changed) run the way a user runs it: `siphon
/// read` with a config checked against its spec and a catalog, its API host mapped to the simulator.
/// </summary>
public sealed class RealManifestReadTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private readonly TempFolder _dir = new("siphon-real-");

    private static string SendgridManifest => SharedTestData.RealManifests.File(Path.Combine("sendgrid", "manifest.yaml"));

    public async Task InitializeAsync() =>
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 250, Files = 2, PollsUntilDone = 1, PollIntervalSeconds = 0 } });

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _dir.Dispose();
    }

    private string[] Arguments(string config) =>
    [
        "read", "--manifest", SendgridManifest, "--config", _dir.Write("config.json", config),
        "--catalog", _dir.Write("catalog.json", """
            {"streams":[{"stream":{"name":"contacts","json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}
            """),
        "--map-url", $"https://api.sendgrid.com={_simulator.BaseUrl.ToString().TrimEnd('/')}",
    ];

    [RealManifestsFact]
    public async Task Read_SendgridContactsUnchanged_ChecksTheConfigAgainstItsSpecAndDeliversEveryRecord()
    {
        var config = new JsonObject { ["api_key"] = _simulator.Options.BearerToken, ["start_date"] = "2024-01-01T00:00:00Z" };

        var result = await SiphonProcess.RunAsync(Arguments(config.ToJsonString()));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var records = ProtocolSchema.ValidMessages(result.StandardOutput).Where(m => (string?)m["type"] == "RECORD").ToList();
        Assert.Equal(1, _simulator.Stats.JobsCreated);
        Assert.Equal(Checksums.CompletedJobs(_simulator).Records, records.Count);
        Assert.Equal(records.Count, records.Select(r => (string?)r["record"]!["data"]!["contact_id"]).Distinct().Count());
        Assert.DoesNotContain(_simulator.Options.BearerToken, result.StandardOutput + result.StandardError);
    }

    [RealManifestsFact]
    public async Task Read_SendgridConfigMissingARequiredField_SaysWhichAgainstTheSpec()
    {
        var config = new JsonObject { ["api_key"] = _simulator.Options.BearerToken };

        var result = await SiphonProcess.RunAsync(Arguments(config.ToJsonString()));

        var error = ProtocolSchema.ValidMessages(result.StandardOutput).Single(m => (string?)m["trace"]?["type"] == "ERROR");
        Assert.Equal("the config does not match the spec: config: Required properties [\"start_date\"] are not present", (string?)error["trace"]!["error"]!["message"]);
        Assert.Equal("config_error", (string?)error["trace"]!["error"]!["failure_type"]);
        Assert.Equal(0, _simulator.Stats.JobsCreated);
    }
}
