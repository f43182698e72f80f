using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;
using Siphon.Simulator;

namespace Siphon.Cli.Tests;

/// <summary>
/// The bytes `siphon read` writes for the examples (and the SendGrid real manifest) stay the same: each read's RECORD and
/// STATE lines are compared with a committed golden file in Golden/, so a change to the record path that alters one byte
/// of output fails here (issue 22, item 4). <see cref="GoldenOutput"/> says what is replaced by a token and why; to
/// regenerate after an intended change, run these tests with <c>SIPHON_UPDATE_GOLDEN=1</c> and review the diff.
/// <para>
/// Each read gets its own simulator with the same seed, so job ids and data repeat. The inputs are chosen so that the
/// order of the output is fixed, not only its content: one file per export (the engine downloads a job's files at once
/// and emits each file's records as it completes, so two files come out in either order), one async job at a time for
/// ads-report (two jobs created at once get the simulator's ids in arrival order, and the in-flight checkpoints differ),
/// and one ten-day window for incremental-list (windows are read two at a time, and the checkpoint after the first
/// window to finish holds the start until the earlier window is done, so its value depends on which finished first).
/// </para>
/// </summary>
public sealed class GoldenOutputTests
{
    private static readonly Knobs SmallExport = new() { Rows = 20, Files = 1, PollsUntilDone = 0, PollIntervalSeconds = 0 };

    public static TheoryData<string, string> Examples() => new()
    {
        { "ads-report", """{ "max_jobs": 1 }""" },
        { "bulk-query", "{}" },
        { "contacts-export", "{}" },
        { "incremental-list", """{ "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-01-11T00:00:00Z" }""" },
        { "report-segments", "{}" },
        { "request-reply", "{}" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Read_ExampleConnector_OutputsTheSameBytesAsTheGoldenFile(string example, string configOverrides)
    {
        using var dir = new TempFolder("siphon-golden-");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(SiphonProcess.RepositoryRoot, "examples", example, "config.json")))!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(configOverrides)!.AsObject()) config[name] = value?.DeepClone();

        var output = await ReadAsync(new SimulatorOptions { Knobs = SmallExport }, "http://127.0.0.1:8765",
            "--manifest", $"examples/{example}/manifest.yaml", "--config", dir.Write("config.json", config.ToJsonString()));

        GoldenOutput.AssertMatches(example, output);
    }

    [RealManifestsFact]
    public async Task Read_SendgridContactsRealManifest_OutputsTheSameBytesAsTheGoldenFile()
    {
        using var dir = new TempFolder("siphon-golden-");
        var options = new SimulatorOptions { Knobs = SmallExport };
        var config = new JsonObject { ["api_key"] = options.BearerToken, ["start_date"] = "2024-01-01T00:00:00Z" };

        var output = await ReadAsync(options, "https://api.sendgrid.com",
            "--manifest", SharedTestData.RealManifests.File(Path.Combine("sendgrid", "manifest.yaml")),
            "--config", dir.Write("config.json", config.ToJsonString()),
            "--catalog", dir.Write("catalog.json", """
                {"streams":[{"stream":{"name":"contacts","json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}
                """));

        GoldenOutput.AssertMatches("sendgrid-contacts", output);
    }

    /// <summary>`siphon read` with <paramref name="arguments"/> against a simulator of its own, <paramref name="host"/> mapped to it.</summary>
    private static async Task<string> ReadAsync(SimulatorOptions options, string host, params string[] arguments)
    {
        await using var simulator = await SimulatorHost.StartAsync(options);
        var result = await SiphonProcess.RunAsync(["read", .. arguments, "--map-url", $"{host}={simulator.BaseUrl.ToString().TrimEnd('/')}"]);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        return GoldenOutput.Normalize(result.StandardOutput, simulator.BaseUrl);
    }
}
