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
        var manifest = _dir.Write("items.yaml", """
            version: 6.5.0
            check: { stream_names: [items] }
            streams:
              - name: items
                primary_key: id
                schema_loader: { type: InlineSchemaLoader, schema: { type: object, properties: { id: { type: integer }, name: { type: string }, status: { type: string }, updated_at: { type: string, format: date-time } } } }
                incremental_sync:
                  type: DatetimeBasedCursor
                  cursor_field: updated_at
                  datetime_format: "%Y-%m-%dT%H:%M:%SZ"
                  start_datetime: "2024-01-01T00:00:00Z"
                  end_datetime: "2024-03-01T00:00:00Z"
                  step: P10D
                  cursor_granularity: PT1S
                  start_time_option: { type: RequestOption, inject_into: request_parameter, field_name: updated_after }
                  end_time_option: { type: RequestOption, inject_into: request_parameter, field_name: updated_before }
                retriever:
                  type: SimpleRetriever
                  requester:
                    url: "{{ config['base_url'] }}/api/items/offset"
                    authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
                  paginator:
                    type: DefaultPaginator
                    pagination_strategy: { type: OffsetIncrement, page_size: 100 }
                    page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: limit }
                    page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: offset }
                  record_selector: { extractor: { field_path: [items] } }
            """);
        var database = _dir.File("items.duckdb");

        var first = await SiphonProcess.RunAsync("sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}");
        var second = await SiphonProcess.RunAsync("sync", "--manifest", manifest, "--config", ContactsConfig(), "--destination", $"duckdb:{database}");

        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Equal(300, Scalar(database, "SELECT count(*) FROM items"));
        Assert.Equal(300, Scalar(database, "SELECT count(DISTINCT id) FROM items"));
        Assert.Equal(1, Scalar(database, "SELECT count(*) FROM _siphon_state WHERE stream = 'items'"));
        Assert.Contains("items", second.StandardOutput);
        // As the reference, the second sync resumes at the newest updated_at read (inclusive): only the records at that
        // instant are read again, and the primary key keeps them single in the table.
        var atState = Scalar(database, "SELECT count(*) FROM items WHERE updated_at = (SELECT max(updated_at) FROM items)");
        Assert.Matches($@"items\s*│\s*ok\s*│\s*{atState}\s", second.StandardOutput);
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

    [Fact]
    public async Task Sync_CtrlC_AbortsTheRunningJobKeepsWhatWasCommittedAndSaysSo()
    {
        var manifest = File.ReadAllText(Path.Combine(SiphonProcess.RepositoryRoot, "examples/contacts-export/manifest.yaml"))
            .Replace("        http_method: POST\n", "        http_method: POST\n        request_parameters: { sim.neverFinish: \"true\" }\n");
        Assert.Contains("sim.neverFinish", manifest);
        var path = _dir.Write("never.yaml", manifest);
        var database = _dir.File("stopped.duckdb");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SiphonProcess.RepositoryRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "sync", "--manifest", path, "--config", ContactsConfig(), "--destination", $"duckdb:{database}" })
            start.ArgumentList.Add(arg);
        using var sync = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new System.Text.StringBuilder();
        while (await sync.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            if (!line.Contains("polling: pending")) continue;
            using var interrupt = Process.Start("bash", ["-c", $"kill -INT {sync.Id}"])!; // bash's builtin: no procps needed
            await interrupt.WaitForExitAsync(timeout.Token);
            break;
        }
        output.Append(await sync.StandardOutput.ReadToEndAsync(timeout.Token));
        await sync.WaitForExitAsync(timeout.Token);

        Assert.Equal(130, sync.ExitCode);
        Assert.Contains("Stopped.", output.ToString());
        Assert.Equal(1, _simulator.Stats.JobsCreated);
        Assert.Equal(1, _simulator.Stats.JobsAborted);
        Assert.Equal(0, Scalar(database, "SELECT count(*) FROM contacts"));
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
