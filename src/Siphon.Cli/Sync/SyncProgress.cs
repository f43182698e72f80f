using System.Collections.Concurrent;
using System.Diagnostics;
using Siphon.Jobs;
using Siphon.Runs;
using Spectre.Console;

namespace Siphon.Cli.Sync;

/// <summary>
/// What a person sees while a sync runs, built from run events: per stream its phase (creating job, polling with the
/// API's status, downloading with records/s, writing), jobs, polls and records. A live table on a terminal; plain
/// timestamped lines otherwise (a CI log, a pipe), one per change of phase.
/// </summary>
internal sealed class SyncProgress(TextWriter plain, TimeProvider time) : IRunEventSink
{
    private sealed class StreamLine(string name, long started)
    {
        public string Name { get; } = name;
        public long Started { get; } = started;
        public string Phase = "waiting";
        public long Records;
        public int Jobs;
        public int Polls;
        public long Checkpoints;
        public long Finished;
    }

    private readonly ConcurrentDictionary<string, StreamLine> _streams = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public bool Live { get; init; }

    public bool IsEnabled => true;

    public void Add(string stream)
    {
        _streams[stream] = new StreamLine(stream, Stopwatch.GetTimestamp());
        _order.Add(stream);
    }

    public void Publish(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case JobCreated created when Line(created.Job.Stream) is { } line:
                Interlocked.Increment(ref line.Jobs);
                Phase(line, created.Resumed ? $"resumed job {Short(created.Job.JobId)}, polling" : $"job {Short(created.Job.JobId)} created, polling");
                break;
            case JobPolled polled when Line(polled.Job.Stream) is { } line:
                Interlocked.Increment(ref line.Polls);
                Phase(line, polled.Status == JobStatus.Running
                    ? $"polling: {polled.RawStatus} (poll {polled.Poll}, {(polled.NextPollIn is { } next ? $"next in {next.TotalSeconds:0.#} s" : "times out before the next")})"
                    : $"job {Short(polled.Job.JobId)}: {polled.RawStatus}");
                break;
            case DownloadStarted download when Line(download.Job.Stream) is { } line:
                Phase(line, $"downloading file {download.Target + 1} of job {Short(download.Job.JobId)}");
                break;
            case JobWarning warning when Line(warning.Job.Stream) is { } line:
                Say(line, "warning: " + warning.Message);
                break;
            case HttpStillWaiting waiting:
                Notice(waiting.Origin?.Stream, Commands.WaitNotice.Text(waiting));
                break;
            case JobAborted aborted when Line(aborted.Job.Stream) is { } line:
                Say(line, $"job {Short(aborted.Job.JobId)} aborted ({aborted.Reason})");
                break;
        }
    }

    public void Record(string stream)
    {
        if (Line(stream) is not { } line) return;
        if (Interlocked.Increment(ref line.Records) == 1) Phase(line, "downloading and writing");
    }

    /// <summary>A batch of <paramref name="count"/> records, counted as that many <see cref="Record"/> calls.</summary>
    public void Records(string stream, int count)
    {
        if (count == 0 || Line(stream) is not { } line) return;
        if (Interlocked.Add(ref line.Records, count) == count) Phase(line, "downloading and writing");
    }

    public void Checkpoint(string stream)
    {
        if (Line(stream) is { } line) Interlocked.Increment(ref line.Checkpoints);
    }

    public void Status(string stream, StreamStatus status)
    {
        if (Line(stream) is not { } line) return;
        if (status is StreamStatus.Complete or StreamStatus.Incomplete)
        {
            line.Finished = Stopwatch.GetTimestamp();
            Phase(line, status == StreamStatus.Complete ? $"done: {line.Records:N0} records" : "failed");
        }
    }

    public StreamSyncResult Result(string stream, string? error)
    {
        var line = _streams[stream];
        var end = line.Finished == 0 ? Stopwatch.GetTimestamp() : line.Finished;
        return new StreamSyncResult(stream, line.Records, line.Jobs, line.Polls, Stopwatch.GetElapsedTime(line.Started, end), error);
    }

    /// <summary>The live table, refreshed until <paramref name="work"/> ends (terminal only).</summary>
    public async Task<T> ShowAsync<T>(Func<Task<T>> work)
    {
        if (!Live) return await work();
        var table = new Table().AddColumns("Stream", "Phase", "Jobs", "Polls", "Records", "Records/s");
        T result = default!;
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            var task = work();
            while (!task.IsCompleted)
            {
                Fill(table);
                context.Refresh();
                await Task.WhenAny(task, Task.Delay(250));
            }
            Fill(table);
            context.Refresh();
            result = await task;
        });
        return result;
    }

    private void Fill(Table table)
    {
        table.Rows.Clear();
        foreach (var name in _order)
        {
            var line = _streams[name];
            var seconds = Stopwatch.GetElapsedTime(line.Started, line.Finished == 0 ? Stopwatch.GetTimestamp() : line.Finished).TotalSeconds;
            table.AddRow(Markup.Escape(name), Markup.Escape(line.Phase), line.Jobs.ToString(), line.Polls.ToString(),
                line.Records.ToString("N0"), seconds > 0 ? (line.Records / seconds).ToString("N0") : "");
        }
    }

    private StreamLine? Line(string stream) => _streams.GetValueOrDefault(stream);

    private void Phase(StreamLine line, string phase)
    {
        if (line.Phase == phase) return;
        line.Phase = phase;
        if (!Live) Say(line, phase);
    }

    /// <summary>A passing note: the stream's phase on a terminal, a line otherwise (a request that names no stream gets a line of its own).</summary>
    private void Notice(string? stream, string message)
    {
        if (stream is not null && Line(stream) is { } line)
        {
            if (Live) line.Phase = message;
            else Say(line, message);
        }
        else if (!Live) lock (plain) plain.WriteLine($"{time.GetLocalNow():HH:mm:ss} {message}");
    }

    private void Say(StreamLine line, string message)
    {
        if (Live) return;
        lock (plain) plain.WriteLine($"{time.GetLocalNow():HH:mm:ss} {line.Name}: {message}");
    }

    private static string Short(string id) => id.Length > 8 ? id[..8] : id;
}
