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
    public async Task Read_OneStreamCannotBeBuilt_ReadsTheOthersAndWarnsWhereTheErrorIs()
    {
        var manifest = _dir.Write("manifest.yaml", File.ReadAllText(Path.Combine(SiphonProcess.RepositoryRoot, Example)).Replace("streams:\n", """
            streams:
              - type: DeclarativeStream
                name: broken
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, path: items }
                  record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }

            """, StringComparison.Ordinal));

        var result = await SiphonProcess.RunAsync("read", "--manifest", manifest, "--config", Config());

        Assert.Equal(0, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        Assert.Equal(400, messages.Count(m => (string?)m["type"] == "RECORD" && (string?)m["record"]!["stream"] == "contacts"));
        Assert.Contains(messages, m => (string?)m["log"]?["level"] == "WARN"
            && ((string?)m["log"]!["message"])!.Contains($"{manifest}:21:18: streams[0].retriever.requester.path: path 'items' is relative", StringComparison.Ordinal));
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
    public async Task Read_UnexpectedErrorQuotingAConfigSecret_OneRedactedLineExitOneDetailsInAPrivateLogFile()
    {
        // A catalog that is a folder is an error no command expects; the folder's name is the config's key, so the
        // exception's message quotes the secret.
        var secret = _simulator.Options.BearerToken;
        var folder = Directory.CreateDirectory(_dir.File(secret)).FullName;

        var result = await SiphonProcess.RunAsync("read", "--manifest", Example, "--config", Config(), "--catalog", folder);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("(UnauthorizedAccessException; an unexpected error in Siphon: details in ", line);
        Assert.DoesNotContain(secret, result.StandardOutput + result.StandardError);
        var log = System.Text.RegularExpressions.Regex.Match(line, @"details in (\S+\.log)\)").Groups[1].Value;
        try
        {
            var details = File.ReadAllText(log);
            Assert.Contains("   at ", details); // the stack trace goes to the file, not the terminal
            Assert.Contains("****", details);
            Assert.DoesNotContain(secret, details);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
        }
        finally
        {
            File.Delete(log);
        }
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

    [Fact]
    public async Task Read_StateTheReferenceWrote_ResumesAtItsValueAndHandsBackTheReferenceState()
    {
        var manifest = _dir.Write("items.yaml", ItemsManifest.Yaml());
        var config = Config();
        static DateTimeOffset UpdatedAt(JsonNode? value) => DateTimeOffset.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);
        static string Formatted(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH':'mm':'ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var all = Records(await SiphonProcess.RunAsync("read", "--manifest", manifest, "--config", config));
        // The reference read the older half and wrote the newest updated_at it read, in the cursor's format.
        var cut = all.Select(r => UpdatedAt(r["updated_at"])).Order().ElementAt(all.Count / 2);
        var state = _dir.Write("state.json", $$$$"""[{"type":"STREAM","stream":{"stream_descriptor":{"name":"items"},"stream_state":{"updated_at":"{{{{Formatted(cut)}}}}"}}}]""");

        var resumed = await SiphonProcess.RunAsync("read", "--manifest", manifest, "--config", config, "--state", state);

        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        // As the reference would: from the value, inclusive; nothing after it lost, nothing before it read again.
        Assert.Equal(all.Where(r => UpdatedAt(r["updated_at"]) >= cut).Select(r => (long)r["id"]!).Order(),
            Records(resumed).Select(r => (long)r["id"]!).Order());
        // And the state handed back is the reference's, key for key: the newest updated_at read, where it would resume.
        var last = ProtocolSchema.ValidMessages(resumed.StandardOutput).Last(m => (string?)m["type"] == "STATE");
        var newest = all.Max(r => UpdatedAt(r["updated_at"]));
        Assert.Equal($$"""{"updated_at":"{{Formatted(newest)}}"}""", last["state"]!["stream"]!["stream_state"]!.ToJsonString());
    }

    private static List<JsonObject> Records(SiphonProcess.Result result) => ProtocolSchema.ValidMessages(result.StandardOutput)
        .Where(m => (string?)m["type"] == "RECORD").Select(m => m["record"]!["data"]!.AsObject()).ToList();

    private ExpectedRecords Expected() => Checksums.CompletedJobs(_simulator);

    private static ExpectedRecords Checksum(IEnumerable<JsonObject> records) => Checksums.Of(records);
}
