using System.Diagnostics;
using DuckDB.NET.Data;
using Siphon.Cli.Tests.Support;
using Siphon.Simulator;

namespace Siphon.Cli.Tests;

/// <summary>`siphon sync` and `siphon demo` into real DuckDB files, checked with DuckDB's own SQL.</summary>
public sealed class SyncCommandTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private readonly TempFolder _dir = new("siphon-sync-");

    public async Task InitializeAsync() =>
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 300, Files = 2, PollsUntilDone = 3 } });

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _dir.Dispose();
    }

    private string BaseUrl => _simulator.BaseUrl.ToString().TrimEnd('/');

    private string ContactsConfig() => _dir.Write("contacts.json", $$"""{"api_key":"{{_simulator.Options.BearerToken}}","base_url":"{{BaseUrl}}"}""");

    private static long Scalar(string database, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private long ExpectedRecords(string family) => _simulator.Stats.Jobs
        .Where(j => j.Family == family && j.Phase == JobPhase.Completed).Select(j => j.Id).Distinct()
        .Sum(id => _simulator.ExpectedForJob(id).Records);

    [Fact]
    public async Task Sync_IncrementalListTwice_SecondSyncAddsNothingAndDuplicatesNothing()
    {
        var manifest = _dir.Write("items.yaml", ItemsManifest.Yaml("step: P10D", "cursor_granularity: PT1S"));
        var database = _dir.File("items.duckdb");

        var first = await SiphonProcess.RunAsync("sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}");
        var second = await SiphonProcess.RunAsync("sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}");

        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Equal(300, Scalar(database, "SELECT count(*) FROM items"));
        Assert.Equal(300, Scalar(database, "SELECT count(DISTINCT id) FROM items"));
        Assert.Equal(1, Scalar(database, "SELECT count(*) FROM _siphon_state WHERE stream = 'items'"));
        Assert.Contains("items", second.StandardOutput);
        // The state holds the reference's value (the newest updated_at read, where the reference would resume) and,
        // beside it, the end of the last window the sync committed: a sync resumes after that, so it reads nothing again.
        Assert.Matches(@"items\s*│\s*ok\s*│\s*0\s", second.StandardOutput);
        Assert.Equal(1, Scalar(database, """
            SELECT count(*) FROM _siphon_state WHERE stream = 'items'
              AND json_extract_string(state, '$.siphon_read_through') = '2024-03-01T00:00:00Z'
              AND json_extract_string(state, '$.updated_at') = (SELECT strftime(max(updated_at), '%Y-%m-%dT%H:%M:%SZ') FROM items)
            """));
    }

    [Fact]
    public async Task Sync_KilledWhilePolling_ResumesTheSameJobAndEndsWithExactlyTheExpectedRows()
    {
        var database = _dir.File("contacts.duckdb");
        var config = ContactsConfig();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SiphonProcess.RepositoryRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "sync", "--manifest", "examples/contacts-export/manifest.yaml", "--config", config, "--destination", $"duckdb:{database}" })
            start.ArgumentList.Add(arg);
        using (var first = Process.Start(start)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await first.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (line.Contains("polling: pending (poll 1"))
                {
                    first.Kill(entireProcessTree: true);
                    break;
                }
            await first.WaitForExitAsync(timeout.Token);
        }
        Assert.Equal(1, _simulator.Stats.JobsCreated);

        var resumed = await SiphonProcess.RunAsync("sync", "--manifest", "examples/contacts-export/manifest.yaml", "--config", config, "--destination", $"duckdb:{database}");

        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        Assert.Contains("resumed job", resumed.StandardOutput);
        Assert.Equal(1, _simulator.Stats.JobsCreated);
        Assert.Equal(ExpectedRecords("contacts"), Scalar(database, "SELECT count(*) FROM contacts"));
        Assert.Equal(300, Scalar(database, "SELECT count(DISTINCT contact_id) FROM contacts"));
    }

    /// <summary>
    /// Starts a sync of <paramref name="manifest"/> as a child process, sends <paramref name="signal"/> once a line of its
    /// output satisfies <paramref name="when"/> and returns its exit code and whole output.
    /// </summary>
    private async Task<(int ExitCode, string Output)> SignalledSyncAsync(string manifest, string database, string signal, Func<string, bool> when, params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SiphonProcess.RepositoryRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}" }.Concat(extra))
            start.ArgumentList.Add(arg);
        using var sync = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var stderr = sync.StandardError.ReadToEndAsync(timeout.Token);
        var output = new System.Text.StringBuilder();
        while (await sync.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            if (!when(line)) continue;
            using var interrupt = Process.Start("bash", ["-c", $"kill -{signal} {sync.Id}"])!; // bash's builtin: no procps needed
            await interrupt.WaitForExitAsync(timeout.Token);
            break;
        }
        output.Append(await sync.StandardOutput.ReadToEndAsync(timeout.Token));
        await sync.WaitForExitAsync(timeout.Token);
        return (sync.ExitCode, output + await stderr);
    }

    private Task<SiphonProcess.Result> SyncContactsAsync(string database) =>
        SiphonProcess.RunAsync("sync", "--manifest", "examples/contacts-export/manifest.yaml", "--config", ContactsConfig(), "--destination", $"duckdb:{database}");

    private string ContactsManifest(string name, string creationParameters) => _dir.Write(name,
        File.ReadAllText(Path.Combine(SiphonProcess.RepositoryRoot, "examples/contacts-export/manifest.yaml"))
            .Replace("        http_method: POST\n", $"        http_method: POST\n        request_parameters: {{ {creationParameters} }}\n"));

    [Fact]
    public async Task Sync_SigtermWhilePolling_Exits143KeepsTheJobAndTheNextTwoSyncsSucceed()
    {
        var database = _dir.File("term.duckdb");

        var stopped = await SignalledSyncAsync("examples/contacts-export/manifest.yaml", database, "TERM", line => line.Contains("polling: pending"));
        var resumed = await SyncContactsAsync(database);
        var again = await SyncContactsAsync(database);

        Assert.True(stopped.ExitCode == 143, stopped.Output);
        Assert.Contains("stopped", stopped.Output);
        Assert.Equal(0, _simulator.Stats.JobsAborted);
        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        Assert.Contains("resumed job", resumed.StandardOutput);
        Assert.True(again.ExitCode == 0, again.StandardOutput + again.StandardError);
        Assert.Equal(2, _simulator.Stats.JobsCreated); // the stopped sync's job, resumed, then the third sync's own
        Assert.Equal(300, Scalar(database, "SELECT count(DISTINCT contact_id) FROM contacts"));
    }

    [Fact]
    public async Task Sync_CtrlCMidDownload_CommitsWhatWasReadAndTheNextSyncDownloadsOnlyTheRestOfTheSameJob()
    {
        var manifest = ContactsManifest("slow.yaml", "sim.rows: \"20000\", sim.files: \"1\", sim.downloadBytesPerSecond: \"300000\"");
        var database = _dir.File("slow.duckdb");

        var stopped = await SignalledSyncAsync(manifest, database, "INT", line => line.Contains("downloading and writing"));
        var kept = Scalar(database, "SELECT count(*) FROM contacts");
        var resumed = await SiphonProcess.RunAsync("sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}");

        Assert.True(stopped.ExitCode == 130, stopped.Output);
        Assert.True(resumed.ExitCode == 0, resumed.StandardOutput + resumed.StandardError);
        Assert.Equal(1, _simulator.Stats.JobsCreated);
        Assert.Equal(0, _simulator.Stats.JobsAborted);
        Assert.Contains("were saved before the read stopped; skipping them", resumed.StandardOutput);
        Assert.InRange(kept, 1, 19_999);
        Assert.Equal(20_000, Scalar(database, "SELECT count(*) FROM contacts"));
        Assert.Equal(ExpectedRecords("contacts"), Scalar(database, "SELECT count(*) FROM contacts"));
    }

    [Fact]
    public async Task Sync_CtrlCWithAbortJobsOnStop_AbortsTheRunningJobAndTheNextSyncStartsAFreshOne()
    {
        var manifest = ContactsManifest("never.yaml", "sim.neverFinish: \"true\"");
        var database = _dir.File("stopped.duckdb");

        var stopped = await SignalledSyncAsync(manifest, database, "INT", line => line.Contains("polling: pending"), "--abort-jobs-on-stop");
        var next = await SyncContactsAsync(database);

        Assert.True(stopped.ExitCode == 130, stopped.Output);
        Assert.Contains("Stopped.", stopped.Output);
        Assert.Equal(1, _simulator.Stats.JobsAborted);
        Assert.True(next.ExitCode == 0, next.StandardOutput + next.StandardError);
        Assert.DoesNotContain("resumed job", next.StandardOutput);
        Assert.Equal(2, _simulator.Stats.JobsCreated);
    }

    [Fact]
    public async Task Sync_SavedJobCancelledAtTheProvider_IsReplacedByANewJobWithAWarning()
    {
        var database = _dir.File("cancelled.duckdb");
        await SignalledSyncAsync("examples/contacts-export/manifest.yaml", database, "KILL", line => line.Contains("polling: pending"));
        var saved = Assert.Single(_simulator.Stats.Jobs);
        using (var http = new HttpClient())
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", _simulator.Options.BearerToken);
            (await http.PostAsync($"{BaseUrl}/v3/marketing/contacts/exports/{saved.Id}/cancel", null)).EnsureSuccessStatusCode();
        }

        var first = await SyncContactsAsync(database);
        var second = await SyncContactsAsync(database);

        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        Assert.Contains("cannot be resumed", first.StandardOutput);
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Equal(3, _simulator.Stats.JobsCreated);
    }

    public static TheoryData<string, string[], string> UsageErrors => new()
    {
        { "not a DuckDB file", ["-d", "duckdb:{dir}/text.duckdb"], "exists but is not a DuckDB database file" },
        { "a directory", ["-d", "duckdb:{dir}"], "is a directory: give the path of a DuckDB file" },
        { "/dev/null", ["-d", "duckdb:/dev/null"], "cannot open DuckDB file '/dev/null'" },
        { "an empty path", ["-d", "duckdb:"], "names no file" },
        { "a blank path", ["-d", "duckdb: "], "names no file" },
        { "a memory limit that is no size", ["-d", "duckdb:{dir}/m.duckdb", "--memory-limit", "lots"], "--memory-limit 'lots' is not a size" },
        { "a negative memory limit", ["-d", "duckdb:{dir}/m.duckdb", "--memory-limit=-5GB"], "--memory-limit '-5GB' is not a size" },
        { "a stream list without names", ["-d", "duckdb:{dir}/m.duckdb", "--streams", ","], "--streams ',' names no stream" },
        { "an idle timeout that is no duration", ["-d", "duckdb:{dir}/m.duckdb", "--body-idle-timeout", "soon"], "--body-idle-timeout 'soon' is not a duration" },
        { "a zero idle timeout", ["-d", "duckdb:{dir}/m.duckdb", "--body-idle-timeout", "0s"], "--body-idle-timeout '0s' is not a duration" },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task Sync_UnusableDestinationOrOption_OneLineErrorExitTwoAndNothingCreated(string name, string[] options, string expected)
    {
        _dir.Write("text.duckdb", "not a database");
        var before = Directory.GetFileSystemEntries(_dir.Path).Length;

        var result = await SiphonProcess.RunAsync(["sync", "--manifest", "examples/contacts-export/manifest.yaml", "--config", ContactsConfig(),
            .. options.Select(o => o.Replace("{dir}", _dir.Path, StringComparison.Ordinal))]);

        Assert.True(result.ExitCode == 2, $"{name}: exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains(expected, result.StandardError);
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.Equal(before + 1, Directory.GetFileSystemEntries(_dir.Path).Length); // the config only: no " " file, no database
    }

    [Fact]
    public async Task Sync_FileLockedByAnotherSync_SaysWhichProcessHoldsItAndExitsTwo()
    {
        var database = _dir.File("locked.duckdb");
        var manifest = ContactsManifest("never.yaml", "sim.neverFinish: \"true\"");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SiphonProcess.RepositoryRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}" })
            start.ArgumentList.Add(arg);
        using var holder = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await holder.StandardOutput.ReadLineAsync(timeout.Token) is { } line && !line.Contains("polling")) { }

            var second = await SyncContactsAsync(database);

            Assert.Equal(2, second.ExitCode);
            Assert.Contains($"is in use by process {holder.Id}", second.StandardError);
            Assert.Single(second.StandardError.Trim().Split('\n'));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Sync_BodyStallsWithBodyIdleTimeoutOneSecond_ResumesWithinSecondsWithEveryRow()
    {
        // The download stops sending after 4,000 bytes and keeps the connection open; the default 60 s would outlast the test.
        var manifest = ContactsManifest("stall.yaml", "sim.rows: \"5000\", sim.files: \"1\", sim.stallAfterBytes: \"4000\"");
        var database = _dir.File("stall.duckdb");
        var clock = Stopwatch.StartNew();

        var result = await SiphonProcess.RunAsync("sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}",
            "--body-idle-timeout", "1s");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("stalled", result.StandardOutput);
        Assert.Equal(5000, Scalar(database, "SELECT count(DISTINCT contact_id) FROM contacts"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Sync_DeleteAlwaysAnswers500_DoesNotHoldUpTheEndOfTheRun()
    {
        // The example's delete has the default error handler (5 retries, 1 + 2 + 4 + 8 + 16 s): a cleanup must not wait that out.
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Knobs = new Knobs { Rows = 300, Files = 1, PollsUntilDone = 1, ErrorBursts = new Dictionary<string, ErrorBurst> { [SimOperation.Delete] = new() { Status = 500 } } },
        });
        var config = _dir.Write("failing-delete.json", $$"""{"api_key":"{{simulator.Options.BearerToken}}","base_url":"{{simulator.BaseUrl.ToString().TrimEnd('/')}}"}""");
        var database = _dir.File("failing-delete.duckdb");
        var clock = Stopwatch.StartNew();

        var result = await SiphonProcess.RunAsync("sync", "--manifest", "examples/contacts-export/manifest.yaml", "--config", config, "--destination", $"duckdb:{database}");

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(300, Scalar(database, "SELECT count(*) FROM contacts"));
        Assert.InRange(simulator.Stats.ServerErrors, 1, 3); // the first try and at most two retries
        // Before: the delete alone took 30 s (1 + 2 + 4 + 8 + 16 s of backoff, cut at 30 s); now at most 1 + 2 s of it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(28), $"took {clock.Elapsed}: {result.StandardOutput}");
    }

    [Fact]
    public async Task Sync_UnknownStream_FailsWithAClearMessage()
    {
        var result = await SiphonProcess.RunAsync("sync", "--manifest", "examples/contacts-export/manifest.yaml", "--config", ContactsConfig(),
            "--streams", "nope", "--destination", $"duckdb:{_dir.File("x.duckdb")}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the manifest has no stream 'nope'", result.StandardError);
    }

    [Fact]
    public async Task Demo_FromTheRepository_SyncsBothExamplesAndTheRowsMatchTheSimulator()
    {
        var database = _dir.File("demo.duckdb");

        var result = await SiphonProcess.RunAsync("demo", "--rows", "400", "--output", database);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(result.StandardOutput, "│ match").Count);
        Assert.DoesNotContain("differ", result.StandardOutput);
        Assert.Equal(400, Scalar(database, "SELECT count(*) FROM contacts"));
        Assert.Equal(800, Scalar(database, "SELECT count(*) FROM ad_reports"));
    }
}
