using System.Text.Json;
using Siphon.Cli.Commands;
using Siphon.Simulator;
using Siphon.Tests.Testing;

namespace Siphon.Cli.Tests;

/// <summary><c>siphon test</c> in process, against the simulator.</summary>
public sealed class TestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siphon-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs the command; without a manifest (null), the config must carry it.</summary>
    private async Task<(int Exit, string Out, string Err)> RunAsync(string? manifest, string config, int records = 100, string? record = null, string? replay = null, bool json = false)
    {
        var manifestPath = manifest is null ? null : Path.Combine(_dir, "manifest.yaml");
        var configPath = Path.Combine(_dir, "config.json");
        if (manifestPath is not null) await File.WriteAllTextAsync(manifestPath, manifest);
        await File.WriteAllTextAsync(configPath, config);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await TestCommand.RunAsync(new TestCommand.Arguments(manifestPath, configPath, "reports", records, 5, 5, null, record, replay, null, null, json),
            stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Test_AsyncStream_ShowsTheTimelineTheDownloadAndTheRecords()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 12, Files = 1, PollsUntilDone = 2 });
        var (exit, output, progress) = await RunAsync(TestReadKit.Reports("[campaigns]"), JsonSerializer.Serialize(TestReadKit.Config(sim, apiKey: true)));

        Assert.True(exit == 0, output + progress);
        Assert.Contains("reports: completed, 12 record(s) in 1 slice(s)", output, StringComparison.Ordinal);
        Assert.Contains("1. Async Job -- Create", output, StringComparison.Ordinal);
        Assert.Contains("Async Job -- Polling #3", output, StringComparison.Ordinal);
        Assert.Contains("'COMPLETED' -> completed", output, StringComparison.Ordinal);
        Assert.Contains("Async Job -- Download Target", output, StringComparison.Ordinal);
        Assert.Contains("Download 1: 12 record(s)", output, StringComparison.Ordinal);
        Assert.Contains("-> 200, application/gzip", output, StringComparison.Ordinal);
        Assert.Contains("campaign_name", output, StringComparison.Ordinal);
        Assert.Contains("poll #2: 'PROCESSING' (running)", progress, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.Options.ApiKey, output + progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_RecordThenReplay_SameJsonWithoutTheSimulator()
    {
        var cassette = Path.Combine(_dir, "cassette.json");
        string config, recorded;
        await using (var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 12, Files = 2, PollsUntilDone = 1 }))
        {
            config = JsonSerializer.Serialize(TestReadKit.Config(sim, apiKey: true));
            var first = await RunAsync(TestReadKit.Reports("[campaigns]"), config, record: cassette, json: true);
            Assert.Equal(0, first.Exit);
            recorded = first.Out;
        }
        var replayed = await RunAsync(TestReadKit.Reports("[campaigns]"), config, replay: cassette, json: true);

        Assert.Equal(0, replayed.Exit);
        var a = JsonDocument.Parse(recorded).RootElement;
        var b = JsonDocument.Parse(replayed.Out).RootElement;
        Assert.Equal(12, b.GetProperty("record_count").GetInt32());
        Assert.True(b.GetProperty("settings").GetProperty("replayed").GetBoolean());
        Assert.Equal(Records(a), Records(b));
        Assert.Equal(Titles(a), Titles(b));
        Assert.DoesNotContain("sim-key", await File.ReadAllTextAsync(cassette), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_ManifestInjectedInTheConfig_ReadsTheStreamAsEveryCommandDoes()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 12, Files = 1, PollsUntilDone = 1 });
        var config = TestReadKit.Config(sim, apiKey: true);
        config["__injected_declarative_manifest"] = Siphon.Manifest.ManifestDocument.Parse("m.yaml", TestReadKit.Reports("[campaigns]")).Resolved!.ToValue();

        var (exit, output, progress) = await RunAsync(null, JsonSerializer.Serialize(config));

        Assert.True(exit == 0, output + progress);
        Assert.Contains("reports: completed, 12 record(s) in 1 slice(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_ConfigThatFailsTheSpec_IsRefusedWithTheSpecCheck()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 12, Files = 1, PollsUntilDone = 1 });
        var config = TestReadKit.Config(sim, apiKey: true);
        config["base_url"] = 42L;

        var (exit, output, progress) = await RunAsync(TestReadKit.Reports("[campaigns]"), JsonSerializer.Serialize(config));

        Assert.Equal(1, exit);
        Assert.Contains("the config does not match the spec", progress, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.DoesNotContain(sim.Options.ApiKey, progress, StringComparison.Ordinal);
    }

    private static string Records(JsonElement result) =>
        string.Join("\n", result.GetProperty("slices").EnumerateArray().SelectMany(s => s.GetProperty("pages").EnumerateArray()).SelectMany(p => p.GetProperty("records").EnumerateArray()).Select(r => r.GetRawText()));

    private static string Titles(JsonElement result) =>
        string.Join("\n", result.GetProperty("slices").EnumerateArray().SelectMany(s => s.GetProperty("auxiliary_requests").EnumerateArray())
            .Select(r => $"{r.GetProperty("title").GetString()} {r.GetProperty("request").GetProperty("url").GetString()} {r.GetProperty("response").GetProperty("status").GetInt32()}"));
}
