using System.Diagnostics;
using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;
using Siphon.Simulator;

namespace Siphon.Cli.Tests;

/// <summary>`siphon read` as the platform runs it: a child process, protocol lines on stdout, state files in and out.</summary>
public sealed class ReadCommandTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private readonly TempFolder _dir = new("siphon-read-");

    public async Task InitializeAsync() =>
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 400, Files = 2, PollsUntilDone = 3 } });

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _dir.Dispose();
    }

    private string Config(bool injectManifest = false)
    {
        var config = new JsonObject
        {
            ["api_key"] = _simulator.Options.BearerToken,
            ["base_url"] = _simulator.BaseUrl.ToString().TrimEnd('/'),
        };
        if (injectManifest)
            config["__injected_declarative_manifest"] = JsonNode.Parse(Siphon.Values.JsonValues.ToJson(
                Siphon.Manifest.ManifestDocument.Parse("m", File.ReadAllText(Path.Combine(SiphonProcess.RepositoryRoot, Example))).Resolved!.ToValue()));
        return _dir.Write("config.json", config.ToJsonString());
    }

    private const string Example = "examples/contacts-export/manifest.yaml";

    [Fact]
    public async Task Read_Example_EmitsValidMessagesEveryRecordOnceAndExitsZero()
    {
        var result = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", Config());

        Assert.Equal(0, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        var records = messages.Where(m => (string?)m["type"] == "RECORD").ToList();
        Assert.Equal(400, records.Count);
        Assert.All(records, r => Assert.Equal("contacts", (string?)r["record"]!["stream"]));
        Assert.Contains(messages, m => (string?)m["type"] == "STATE" && m["state"]!["sourceStats"]?["recordCount"]?.GetValue<double>() == 400);
        var statuses = messages.Where(m => (string?)m["trace"]?["type"] == "STREAM_STATUS").Select(m => (string?)m["trace"]!["stream_status"]!["status"]).ToList();
        Assert.Equal(["STARTED", "RUNNING", "COMPLETE"], statuses);
        Assert.Equal(Expected(), Checksum(records));
        Assert.DoesNotContain(_simulator.Options.BearerToken, result.StandardOutput);
    }

    [Fact]
    public async Task Read_DownloadTargetExtractorFindsNothing_LogsAWarningNamingThePathAndTheResponseKeys()
    {
        var manifest = File.ReadAllText(Path.Combine(SiphonProcess.RepositoryRoot, Example));
        var wrong = _dir.Write("manifest.yaml", manifest.Replace("field_path: [urls]", "field_path: [files]", StringComparison.Ordinal));
        Assert.NotEqual(manifest, File.ReadAllText(wrong));

        var result = await SiphonProcess.RunAsync("read", "--manifest", wrong, "--config", Config());

        Assert.Equal(0, result.ExitCode);
        var warnings = ProtocolSchema.ValidMessages(result.StandardOutput)
            .Where(m => (string?)m["type"] == "LOG" && (string?)m["log"]!["level"] == "WARN").Select(m => (string?)m["log"]!["message"]).ToList();
        Assert.Contains(warnings, w => w!.Contains("found no download target at field_path [files] of the final poll response", StringComparison.Ordinal)
            && w.Contains("urls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Read_AsThePlatformRunsManifestOnlySources_ReadsTheInjectedManifestCatalogAndState()
    {
        var catalog = _dir.Write("catalog.json", """
            {"streams":[{"stream":{"name":"contacts","json_schema":{},"supported_sync_modes":["full_refresh"]},"sync_mode":"full_refresh","destination_sync_mode":"overwrite"}]}
            """);
        var state = _dir.Write("state.json", "[]");

        var result = await SiphonProcess.RunAsync("read", "--config", Config(injectManifest: true), "--catalog", catalog, "--state", state);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(400, ProtocolSchema.ValidMessages(result.StandardOutput).Count(m => (string?)m["type"] == "RECORD"));
    }

    [Fact]
    public async Task Read_KilledWhilePolling_ResumesFromItsLastStateWithoutCreatingAnotherJob()
    {
        var config = Config();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SiphonProcess.RepositoryRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "read", "--manifest", Example, "--config", config })
            start.ArgumentList.Add(arg);
        string? lastState = null;
        using (var first = Process.Start(start)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await first.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var message = JsonNode.Parse(line)!;
                Assert.NotEqual("RECORD", (string?)message["type"]);
                if ((string?)message["type"] != "STATE") continue;
                lastState = line;
                first.Kill(entireProcessTree: true); // kill -9: no abort, no cleanup
                break;
            }
            await first.WaitForExitAsync(timeout.Token);
        }
        Assert.NotNull(lastState);
        Assert.Contains("async_jobs", lastState);
        Assert.Equal(1, _simulator.Stats.JobsCreated);
        var state = _dir.Write("state.json", "[" + JsonNode.Parse(lastState!)!["state"]!.ToJsonString() + "]");

        var resumed = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", config, "--state", state);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal(1, _simulator.Stats.JobsCreated);
        Assert.Equal(0, _simulator.Stats.JobsAborted);
        var records = ProtocolSchema.ValidMessages(resumed.StandardOutput).Where(m => (string?)m["type"] == "RECORD").ToList();
        Assert.Equal(Expected(), Checksum(records));
        Assert.Contains("resumed job", resumed.StandardOutput);
    }

    [Fact]
    public async Task Read_StateFileNotJson_OneConfigErrorTraceNoStackTraceAndExitTwo()
    {
        var state = _dir.Write("state.json", "{bad");

        var result = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", Config(), "--state", state);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the state cannot be read", result.StandardOutput);
        Assert.Contains("config_error", result.StandardOutput);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task Read_ForgedSavedJob_NamesTheInvalidFieldInsteadOfTimingItOut()
    {
        var state = _dir.Write("state.json", """
            [{"type": "STREAM", "stream": {"stream_descriptor": {"name": "contacts"}, "stream_state": {"async_jobs": {"{}": {"attempt": "x", "job_id": "j1", "creation_response": {"id": "j1"}}}}}}]
            """);

        var result = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", Config(), "--state", state);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the saved state is invalid: async_jobs", result.StandardOutput);
        Assert.Contains(".attempt is \\\"x\\\", expected a positive whole number", result.StandardOutput);
        Assert.DoesNotContain("did not finish within", result.StandardOutput);
        Assert.Equal(0, _simulator.Stats.Polls);
    }

    [Fact]
    public async Task Read_BadCredentials_FailsWithAConfigErrorTraceAndExitCodeOne()
    {
        var config = _dir.Write("bad.json", $$"""{"api_key":"wrong","base_url":"{{_simulator.BaseUrl.ToString().TrimEnd('/')}}"}""");

        var result = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", config);

        Assert.Equal(1, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        var error = messages.Last(m => (string?)m["trace"]?["type"] == "ERROR");
        Assert.Equal("config_error", (string?)error["trace"]!["error"]!["failure_type"]);
        Assert.Contains("create job", (string?)error["trace"]!["error"]!["message"]);
        Assert.Contains("401", (string?)error["trace"]!["error"]!["message"]);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task Read_ConfigMissingARequiredField_IsRejectedBeforeAnyRequest()
    {
        var config = _dir.Write("empty.json", "{}");

        var result = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", config);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "TRACE");
        Assert.Contains("the config does not match the spec", (string?)error["trace"]!["error"]!["message"]);
        Assert.Contains("api_key", (string?)error["trace"]!["error"]!["message"]);
        Assert.Equal(0, _simulator.Stats.JobsCreated);
    }

    [Fact]
    public async Task Check_GoodAndBadCredentials_ReportSucceededAndFailed()
    {
        var good = await SiphonProcess.RunAsync("check", "--manifest", Example, "--config", Config());
        var bad = await SiphonProcess.RunAsync("check", "--manifest", Example, "--config",
            _dir.Write("bad.json", $$"""{"api_key":"wrong","base_url":"{{_simulator.BaseUrl.ToString().TrimEnd('/')}}"}"""));

        Assert.Equal("SUCCEEDED", (string?)Assert.Single(ProtocolSchema.ValidMessages(good.StandardOutput), m => (string?)m["type"] == "CONNECTION_STATUS")["connectionStatus"]!["status"]);
        var failed = Assert.Single(ProtocolSchema.ValidMessages(bad.StandardOutput), m => (string?)m["type"] == "CONNECTION_STATUS");
        Assert.Equal("FAILED", (string?)failed["connectionStatus"]!["status"]);
        Assert.Contains("401", (string?)failed["connectionStatus"]!["message"]);
        Assert.DoesNotContain("wrong", bad.StandardOutput);
    }

    private ExpectedRecords Expected() => Checksums.CompletedJobs(_simulator);

    private static ExpectedRecords Checksum(IEnumerable<JsonObject> records) => Checksums.Of(records);
}
