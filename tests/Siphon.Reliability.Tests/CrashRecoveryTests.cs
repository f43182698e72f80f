using System.Globalization;
using DuckDB.NET.Data;
using Siphon.Reliability.Tests.Support;
using Siphon.Simulator;
using Xunit.Abstractions;

namespace Siphon.Reliability.Tests;

/// <summary>
/// kill -9 of a running <c>siphon sync</c> (DuckDB destination) at random moments chosen from the simulator's
/// <c>/__stats</c>: while jobs are created, polled, downloaded and their rows written. One simulator outlives every
/// kill; each restart resumes from the state committed in the DuckDB file. At the end the table holds exactly the
/// expected rows (count and checksum against <c>/__expected</c>, no primary key, so nothing hides duplicates) and no
/// slice had a second job, except where a kill landed between the provider accepting a job and the state naming it
/// being committed: that job's id died with the process (no client can close that window without an idempotency key),
/// so the test finds each such orphan right after the kill and allows exactly one more job per orphan.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Kills = 24;
    private const int Days = 45;
    private static readonly DateOnly First = new(2024, 1, 1);

    /// <summary>
    /// The windows the cursor cuts, as the reference does: a day each, except the last, which ends at the end and so
    /// holds the last two days. The simulator answers each report with the same number of rows whatever its range,
    /// so the expected rows are asked per window, not per day.
    /// </summary>
    private static readonly (DateOnly Start, DateOnly End)[] Windows =
        [.. Enumerable.Range(0, Days - 2).Select(d => (First.AddDays(d), First.AddDays(d))), (First.AddDays(Days - 2), First.AddDays(Days - 1))];
    private readonly string _dir = Directory.CreateTempSubdirectory("siphon-crash-").FullName;
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() => _simulator = await SimulatorHost.StartAsync(new SimulatorOptions
    {
        Knobs = new Knobs { Rows = 1500, Files = 2, PollsUntilDone = 3, DownloadBytesPerSecond = 400_000 },
    });

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>When to kill: after the run has made <c>n</c> more calls of one kind, then a random few milliseconds.</summary>
    private sealed record KillPoint(string Phase, int After, int DelayMs)
    {
        public long Count(SimulatorStatsSnapshot s) => Phase switch
        {
            "create" => s.JobsCreated,
            "poll" => s.Polls,
            "download" => s.Downloads,
            _ => s.DownloadsCompleted, // write: a file is in, its rows are on their way to DuckDB
        };
    }

    [Fact]
    [Trait("Category", "Long")]
    public async Task Sync_KilledAtRandomMomentsAndRestarted_EndsWithExactlyTheExpectedRowsAndOneJobPerSlice()
    {
        var manifest = Path.Combine(_dir, "reports.yaml");
        await File.WriteAllTextAsync(manifest, Manifest());
        var config = Path.Combine(_dir, "config.json");
        await File.WriteAllTextAsync(config, $$"""{"api_key":"{{_simulator.Options.ApiKey}}","base_url":"{{_simulator.BaseUrl.ToString().TrimEnd('/')}}"}""");
        var database = Path.Combine(_dir, "reports.duckdb");
        string[] sync = ["sync", "--manifest", manifest, "--config", config, "--destination", $"duckdb:{database}"];
        var random = new Random(20261130);
        string[] phases = ["create", "poll", "download", "write"];
        var killed = 0;
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        var orphanAges = new List<TimeSpan>();

        for (var run = 1; run <= Kills; run++)
        {
            var point = new KillPoint(phases[random.Next(phases.Length)], random.Next(1, 4), random.Next(0, 40));
            var known = _simulator.Stats.Jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
            var before = point.Count(_simulator.Stats);
            using var child = SiphonChild.Start(sync);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!child.HasExited && point.Count(_simulator.Stats) < before + point.After)
                await Task.Delay(2, limit.Token);
            var killedAt = DateTimeOffset.UtcNow;
            if (!child.HasExited)
            {
                await Task.Delay(point.DelayMs, limit.Token);
                killedAt = DateTimeOffset.UtcNow;
                await child.KillAsync();
                killed++;
            }
            else await child.WaitAsync(limit.Token);
            var stats = _simulator.Stats;
            var saved = SavedJobIds(database);
            // Orphans: created, never saved, never read. A job read, saved as read and killed before its delete stays undeleted.
            var lost = stats.Jobs.Where(j => !known.Contains(j.Id) && !j.Deleted && !saved.Contains(j.Id) && j.Downloads == 0).Select(j => j.Id).ToList();
            orphans.UnionWith(lost);
            orphanAges.AddRange(stats.Jobs.Where(j => lost.Contains(j.Id)).Select(j => killedAt - j.History[0].At));
            output.WriteLine($"run {run}: kill during {point.Phase} after {point.After} more (+{point.DelayMs} ms): " +
                $"{(child.ExitCode == 137 || child.ExitCode == -1 ? "killed" : $"exited {child.ExitCode}")}; " +
                $"jobs {stats.JobsCreated}, rows {Rows(database)}, jobs in the saved state {saved.Count}, orphaned by this kill {lost.Count}" +
                string.Concat(stats.Jobs.Where(j => lost.Contains(j.Id)).Select(j => $" (created {(killedAt - j.History[0].At).TotalMilliseconds:0} ms before the kill)")));
            if (Environment.GetEnvironmentVariable("SIPHON_CRASH_DEBUG") is not null) output.WriteLine(child.Output);
        }

        using (var final = SiphonChild.Start(sync))
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await final.WaitAsync(limit.Token);
            Assert.True(final.ExitCode == 0, final.Output);
        }

        var expected = await ExpectedAsync();
        var stored = Stored(database);
        var end = _simulator.Stats;
        output.WriteLine($"{killed} kills, {orphans.Count} job(s) orphaned by a kill between create and commit; expected {expected.Records} rows ({expected.Checksum}), stored {stored.Records} ({stored.Checksum}); jobs created {end.JobsCreated}");
        Assert.True(killed >= 20, $"only {killed} runs were killed");
        Assert.Equal(expected, stored);
        // One job per slice, plus one per orphan: a kill anywhere else (poll, download, write) never costs a job.
        Assert.Equal(Windows.Length + orphans.Count, end.JobsCreated);
        Assert.Equal(orphans.Count, end.Jobs.Sum(j => j.Attempt > 1 ? 1 : 0));
        // Orphans only come from the create → commit window (tens of ms here): a job that lived longer was always saved.
        Assert.All(orphanAges, age => Assert.True(age < TimeSpan.FromMilliseconds(500), $"a job created {age.TotalMilliseconds:0} ms before the kill was never saved"));
        // Every job the engine knew about ended completed and deleted; only orphans (never polled again) still run.
        Assert.All(end.Jobs.Where(j => !orphans.Contains(j.Id)), j => Assert.Equal(JobPhase.Completed, j.Phase));
        var undeleted = end.Jobs.Count(j => !orphans.Contains(j.Id) && !j.Deleted);
        output.WriteLine($"read jobs whose delete a kill prevented (after the state was saved): {undeleted}");
        Assert.True(undeleted <= killed / 4, $"{undeleted} read jobs were never deleted");
        Assert.Empty(SavedJobIds(database));
    }

    private async Task<ExpectedRecords> ExpectedAsync()
    {
        using var http = new HttpClient { BaseAddress = _simulator.BaseUrl };
        var parts = new List<ExpectedRecords>();
        foreach (var (start, end) in Windows)
        {
            parts.Add((await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<ExpectedRecords>(http,
                $"__expected?family=reports&reportType=campaigns&startDate={start:yyyy-MM-dd}&endDate={end:yyyy-MM-dd}",
                new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!);
        }
        return RecordSet.Sum(parts);
    }

    /// <summary>The provider job ids in the committed state (<c>async_jobs</c>), i.e. what a restart will resume.</summary>
    private static HashSet<string> SavedJobIds(string database)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(database)) return ids;
        try
        {
            using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT state FROM _siphon_state WHERE stream = 'ad_reports'";
            if (command.ExecuteScalar() is not string state) return ids;
            using var json = System.Text.Json.JsonDocument.Parse(state);
            if (json.RootElement.TryGetProperty("async_jobs", out var jobs))
                foreach (var job in jobs.EnumerateObject()) ids.Add(job.Value.GetProperty("job_id").GetString()!);
            return ids;
        }
        catch (DuckDBException)
        {
            return ids; // no state table yet
        }
    }

    private static long Rows(string database)
    {
        if (!File.Exists(database)) return 0;
        try
        {
            using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM ad_reports";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        catch (DuckDBException)
        {
            return -1; // no table yet
        }
    }

    /// <summary>Every row of the table, as the simulator's checksum sees records (Siphon's own columns left out).</summary>
    private static ExpectedRecords Stored(string database)
    {
        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ad_reports";
        using var reader = command.ExecuteReader();
        var sum = new ChecksumAccumulator();
        while (reader.Read())
        {
            var fields = new List<KeyValuePair<string, string?>>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                if (name == "_siphon_extra") Assert.True(reader.IsDBNull(i), "a field had no column: " + reader.GetValue(i));
                if (name.StartsWith("_siphon", StringComparison.Ordinal)) continue;
                fields.Add(new(name, reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
            }
            sum.Add(fields);
        }
        return new ExpectedRecords(sum.Count, sum.Checksum);
    }

    /// <summary>One report job per window of a DatetimeBasedCursor (a day), no primary key: rows are appended, so a duplicate would stay.</summary>
    private static string Manifest() => $$$"""
        version: 6.5.0
        type: DeclarativeSource
        max_concurrent_async_job_count: 3
        check: { stream_names: [ad_reports] }
        definitions:
          auth:
            type: ApiKeyAuthenticator
            api_token: "{{ config['api_key'] }}"
            inject_into: { type: RequestOption, inject_into: header, field_name: X-Api-Key }
        streams:
          - type: DeclarativeStream
            name: ad_reports
            schema_loader:
              type: InlineSchemaLoader
              schema:
                type: object
                properties:
                  report_type: { type: string }
                  date: { type: string }
                  campaign_id: { type: integer }
                  campaign_name: { type: string }
                  impressions: { type: integer }
                  clicks: { type: integer }
                  cost: { type: string }
                  updated_at: { type: string }
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: date
              datetime_format: "%Y-%m-%d"
              start_datetime: "{{{First:yyyy-MM-dd}}}"
              end_datetime: "{{{First.AddDays(Days - 1):yyyy-MM-dd}}}"
              step: P1D
              cursor_granularity: P1D
            retriever:
              type: AsyncRetriever
              polling: { initial_interval: PT0.05S, max_interval: PT0.1S }
              creation_requester:
                url: "{{ config['base_url'] }}/reporting/reports"
                http_method: POST
                authenticator: "#/definitions/auth"
                request_body_json:
                  reportType: campaigns
                  startDate: "{{ stream_interval.start_time }}"
                  endDate: "{{ stream_interval.end_time }}"
              polling_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}"
                authenticator: "#/definitions/auth"
              download_target_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}/document"
                authenticator: "#/definitions/auth"
              download_target_extractor: { type: DpathExtractor, field_path: [data, urls] }
              abort_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}/cancel"
                http_method: POST
                authenticator: "#/definitions/auth"
              delete_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}"
                http_method: DELETE
                authenticator: "#/definitions/auth"
              download_requester: { url: "{{ download_target }}" }
              status_extractor: { type: DpathExtractor, field_path: [data, state] }
              status_mapping: { running: [QUEUED, PROCESSING, GENERATING], completed: [COMPLETED], failed: [FAILED], timeout: [CANCELLED] }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
              download_decoder: { type: GzipDecoder, decoder: { type: CsvDecoder } }
        """;
}
