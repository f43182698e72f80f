using Siphon.Cli.Commands;
using Siphon.DuckDb;
using Siphon.Http;
using Siphon.Runs;

namespace Siphon.Cli.Sync;

/// <summary>What to sync and where.</summary>
internal sealed record SyncOptions(string DestinationPath, IReadOnlyList<string>? Streams, bool FullRefresh)
{
    /// <summary>
    /// DuckDB's memory limit. DuckDB keeps written blocks cached up to its limit (80% of RAM by default), so without
    /// one a large sync's RSS grows with the data although nothing needs it; beyond the limit it spills to disk.
    /// </summary>
    public string MemoryLimit { get; init; } = DefaultMemoryLimit;

    public const string DefaultMemoryLimit = "256MB";

    /// <summary>Whether DuckDB reads <paramref name="value"/> as a positive memory size (256MB, 1.5GB, 512MiB...).</summary>
    public static bool IsMemoryLimit(string value) =>
        System.Text.RegularExpressions.Regex.Match(value, @"^\s*(?<amount>\d+(\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase) is { Success: true } match
        && double.Parse(match.Groups["amount"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0;

    /// <summary>
    /// DuckDB's worker threads: one core fewer than the machine has, because the read loop keeps one busy decoding. With a
    /// worker per core, the thread waiting for DuckDB's workers spins on their queue, taking a core from the reader
    /// (measured on 2 cores: 5-15 % more CPU per sync and a slower one).
    /// </summary>
    public int DuckDbThreads { get; init; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Whether a stop aborts the running jobs at the provider instead of keeping them for the next sync.</summary>
    public bool AbortJobsOnStop { get; init; }
}

/// <summary>How one stream's sync ended.</summary>
internal sealed record StreamSyncResult(string Stream, long Records, int Jobs, int Polls, TimeSpan Duration, string? Error)
{
    /// <summary>The sync was stopped before this stream completed: the next sync goes on with it.</summary>
    public bool Stopped { get; init; }
}

/// <summary>
/// Reads a connector's streams into a DuckDB file through the same read loop as <c>siphon read</c>: rows and state are
/// committed together at every state checkpoint, so the next sync resumes (async jobs included) from the file itself.
/// </summary>
internal static class SyncRunner
{
    /// <summary>
    /// Until the read starts, a stop just ends the sync; once it runs, a stop lets it commit what it read with the state
    /// saying how far it got, and only a second signal abandons it (as a crash would: the last commit stays).
    /// </summary>
    public static async Task<IReadOnlyList<StreamSyncResult>> RunAsync(ConnectorInput input, SyncOptions options, SyncProgress progress, StopSignal stop)
    {
        var cancellationToken = stop.Stopping;
        var names = options.Streams ?? input.Connector.Streams.Where(s => s.IsSupported).Select(s => s.Name).ToList();
        await using var destination = await DuckDbDestination.OpenAsync(new DuckDbDestinationOptions { Path = options.DestinationPath, MemoryLimit = options.MemoryLimit, Threads = options.DuckDbThreads }, cancellationToken);
        var saved = options.FullRefresh ? new Dictionary<string, object?>() : await destination.ReadStateAsync(cancellationToken);
        await using var output = new DuckDbReadOutput(destination, progress);
        var requests = new List<StreamReadRequest>();
        foreach (var name in names)
        {
            var stream = input.Connector.FindStream(name)!;
            await destination.BeginStreamAsync(StreamSpec.From(stream), options.FullRefresh, cancellationToken);
            requests.Add(new StreamReadRequest(name, saved.GetValueOrDefault(name) as Dictionary<string, object?>));
            progress.Add(name);
        }
        using var session = new HttpSession(input.SessionOptions, events: progress, redactor: input.Redactor);
        var read = new ReadOptions
        {
            CheckpointEveryRecords = DuckDbDestination.RecordsPerCommit,
            Stop = stop.Stopping,
            AbortJobsOnCancel = options.AbortJobsOnStop,
            ResumeAfterCommittedWindows = true,
        };
        var summary = await new SourceReader(input.Connector, session, read).ReadAsync(input.Config, requests, output, stop.Abandoned);
        var stoppedFrom = summary.StoppedStream is { } at ? names.ToList().IndexOf(at) : int.MaxValue;
        return names.Select((n, i) =>
        {
            var failure = summary.Failures.FirstOrDefault(f => f.Stream == n);
            return progress.Result(n, failure is null ? null : input.Redactor.Redact(failure.Error.Message)) with { Stopped = failure is null && i >= stoppedFrom };
        }).ToList();
    }
}
