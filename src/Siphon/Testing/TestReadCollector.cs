using System.Text.Json;
using Siphon.Jobs;
using Siphon.Partitions;
using Siphon.Runs;
using Siphon.Values;

namespace Siphon.Testing;

/// <summary>
/// Builds a test read's result from typed run events and the read loop's output, never from log text: each HTTP
/// exchange is placed by its origin (stream, slice, job attempt, job id), not by arrival order; records go to their
/// slice, then to its pages by the counts of <see cref="PageRead"/>. Reports progress as it goes. Thread-safe.
/// </summary>
internal sealed class TestReadCollector(
    string stream, SecretRedactor redactor, BodyCaptureHandler? capture, int recordLimit, Action onRecordLimit, Action<TestReadProgress>? progress, TimeProvider time)
    : IRunEventSink, ISliceAwareReadOutput
{
    private sealed class SliceState(string key)
    {
        public string Key { get; } = key;
        public List<Dictionary<string, object?>> Records { get; } = [];
        public Dictionary<string, object?>? State { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly ExchangeViews _views = new(redactor, capture);
    private readonly List<SliceState> _slices = [];
    private readonly Dictionary<string, SliceState> _sliceByKey = new(StringComparer.Ordinal);
    private readonly List<TestReadExchange> _exchanges = [];
    private readonly Dictionary<long, TestReadExchange> _exchangeById = [];
    private readonly Dictionary<(string Slice, int Attempt, string Kind), int> _stepCounts = [];
    private readonly List<LogEntry> _logs = [];
    private readonly SortedSet<string> _limits = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, object?>? _configUpdate;

    /// <summary>The last config update an authenticator reported, unmasked (see <see cref="TestReadOutcome.ConfigUpdate"/>).</summary>
    public IReadOnlyDictionary<string, object?>? ConfigUpdate => _configUpdate;
    private SliceState? _lastClosed;
    private long _records;
    private long _sequence;

    public bool IsEnabled => true;

    public long Records => Interlocked.Read(ref _records);

    public void Publish(RunEvent runEvent)
    {
        TestReadProgress? report;
        lock (_gate) report = Handle(runEvent);
        if (report is not null) Report(report);
    }

    public void Log(string level, string message, DateTimeOffset time, string? step = null)
    {
        var entry = new LogEntry(level, redactor.Redact(message), time, step);
        lock (_gate) _logs.Add(entry);
        Report(new TestReadProgress { Time = time, Kind = "log", Message = entry.Message });
    }

    public void Report(TestReadProgress report)
    {
        if (progress is null) return;
        progress(report with { Sequence = Interlocked.Increment(ref _sequence), Message = redactor.Redact(report.Message) });
    }

    private TestReadProgress? Handle(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case HttpRequestSent sent:
            {
                var exchange = TestReadExchange.Classify(sent, stream);
                _exchanges.Add(exchange);
                _exchangeById[sent.Exchange] = exchange;
                if (sent.Origin is { } origin && exchange.Placement != ExchangePlacement.Global)
                {
                    Slice(origin.Slice);
                    if (exchange.Placement == ExchangePlacement.JobStep)
                    {
                        var key = (origin.Slice, origin.JobAttempt ?? 0, exchange.Kind);
                        var count = _stepCounts.GetValueOrDefault(key);
                        if (sent.Attempt == 1) _stepCounts[key] = ++count;
                        exchange.Index = Math.Max(1, count);
                        exchange.JobId = origin.JobId;
                    }
                    else exchange.JobId = origin.JobId;
                }
                var label = exchange.Index is { } index && exchange.Kind == "poll" ? $"{exchange.Title} #{index}" : exchange.Title;
                return Progress(sent, "request", $"{label}: {sent.Method} {sent.Url}{(sent.Attempt > 1 ? $" (attempt {sent.Attempt})" : "")}", exchange);
            }
            case HttpResponseReceived received:
            {
                if (!_exchangeById.TryGetValue(received.Exchange, out var exchange)) return null;
                exchange.Received = received;
                return Progress(received, "response", $"{exchange.Title}: HTTP {received.Status} in {received.Duration.TotalMilliseconds:0} ms", exchange) with { HttpStatus = received.Status };
            }
            case HttpRequestFailed failed:
            {
                if (_exchangeById.TryGetValue(failed.Exchange, out var exchange)) exchange.Failed = failed;
                _logs.Add(new LogEntry("WARN", $"{failed.Step}: {failed.Method} {failed.Url} failed: {failed.Error}", failed.Timestamp, failed.Step.Text));
                return Progress(failed, "response", $"{failed.Step}: failed: {failed.Error}", exchange);
            }
            case HttpRetryScheduled retry:
                _logs.Add(new LogEntry("INFO", $"{retry.Step}: {retry.Reason}; retrying in {retry.Delay.TotalSeconds:0.###} s", retry.Timestamp, retry.Step.Text));
                return new TestReadProgress { Time = retry.Timestamp, Kind = "retry", Message = $"{retry.Step}: {retry.Reason}; retrying in {retry.Delay.TotalSeconds:0.###} s" };
            case HttpStillWaiting waiting:
            {
                var text = $"{waiting.Step}: still waiting for the response to {waiting.Method} {waiting.Url} ({waiting.Waited.TotalSeconds:0} s so far)";
                _logs.Add(new LogEntry("INFO", text, waiting.Timestamp, waiting.Step.Text));
                return new TestReadProgress { Time = waiting.Timestamp, Kind = "waiting", Message = text };
            }
            case ConfigUpdated update:
                _configUpdate = update.Config;
                return null;
            case SliceStarted started:
                Slice(started.Slice);
                return new TestReadProgress { Time = started.Timestamp, Kind = "slice_started", Message = $"slice {started.Slice}", Slice = started.Slice };
            case SliceCompleted completed:
                _lastClosed = Slice(completed.Slice);
                return new TestReadProgress { Time = completed.Timestamp, Kind = "slice_completed", Message = $"slice {completed.Slice} read", Slice = completed.Slice };
            case StreamStatusChanged { Status: StreamStatus.Incomplete, Error: { } error } status:
                _logs.Add(new LogEntry("ERROR", $"stream '{status.Stream}' failed: {error}", status.Timestamp, status.Step.Text));
                return null;
            case JobCreated created:
                foreach (var exchange in _exchanges)
                    if (exchange is { Placement: ExchangePlacement.JobStep, Kind: "create", JobId: null } && exchange.Sent.Origin is { } o
                        && o.Slice == created.Job.Slice && o.JobAttempt == created.Job.Attempt)
                        exchange.JobId = created.Job.JobId;
                return Job(created, "job_created", $"job {created.Job.JobId} {(created.Resumed ? "resumed" : "created")} (attempt {created.Job.Attempt})", created.Job);
            case JobPolled polled:
            {
                var poll = _exchanges.LastOrDefault(e => e is { Placement: ExchangePlacement.JobStep, Kind: "poll" } && e.Index == polled.Poll
                    && e.Sent.Origin is { } o && o.Slice == polled.Job.Slice && o.JobAttempt == polled.Job.Attempt);
                if (poll is not null)
                {
                    poll.RawStatus = polled.RawStatus;
                    poll.MappedStatus = Status(polled.Status);
                }
                return Job(polled, "job_polled", $"job {polled.Job.JobId} poll #{polled.Poll}: '{polled.RawStatus}' ({Status(polled.Status)})", polled.Job)
                    with { Poll = polled.Poll, RawStatus = polled.RawStatus, MappedStatus = Status(polled.Status), NextPollSeconds = polled.NextPollIn?.TotalSeconds };
            }
            case JobFinished finished:
                if (finished.Status != JobStatus.Completed)
                    _logs.Add(new LogEntry("WARN", $"job {finished.Job.JobId} of slice {finished.Job.Slice} (attempt {finished.Job.Attempt}) ended {Status(finished.Status)}{(finished.Reason is null ? "" : $" ('{finished.Reason}')")}", finished.Timestamp, finished.Step.Text));
                return Job(finished, "job_finished", $"job {finished.Job.JobId} {Status(finished.Status)}", finished.Job) with { MappedStatus = Status(finished.Status), RawStatus = finished.Reason };
            case JobAborted aborted:
                _logs.Add(new LogEntry("INFO", $"job {aborted.Job.JobId} aborted ({aborted.Reason}){(aborted.Succeeded ? "" : ": the abort request failed")}", aborted.Timestamp, aborted.Step.Text));
                return Job(aborted, "job_aborted", $"job {aborted.Job.JobId} aborted: {aborted.Reason}", aborted.Job);
            case JobDeleted deleted:
                return Job(deleted, "job_deleted", $"job {deleted.Job.JobId} deleted{(deleted.Succeeded ? "" : " (the delete request failed)")}", deleted.Job);
            case DownloadStarted download:
                return Job(download, "download_started", $"job {download.Job.JobId}: download {download.Target + 1} started", download.Job);
            case DownloadFinished download:
                return Job(download, "download_finished", $"job {download.Job.JobId}: download {download.Target + 1} finished, {download.Records} record(s)", download.Job) with { Records = download.Records };
            case JobWarning warning:
                _logs.Add(new LogEntry("WARN", warning.Message, warning.Timestamp, warning.Step.Text));
                return Job(warning, "log", warning.Message, warning.Job);
            case PageRead page:
                if (_exchangeById.TryGetValue(page.Exchange, out var read)) read.PageRecords = page.Records;
                return null;
            case ReadLimitReached limit:
                _limits.Add(limit.Limit);
                return new TestReadProgress { Time = limit.Timestamp, Kind = "limit_reached", Message = $"the {limit.Limit} limit was reached: more data exists", Slice = limit.Slice };
            default:
                return null;
        }
    }

    private static string Status(JobStatus status) => status switch
    {
        JobStatus.Running => "running",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.TimedOut => "timeout",
        JobStatus.Skipped => "skipped",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static TestReadProgress Progress(RunEvent e, string kind, string message, TestReadExchange? exchange) => new()
    {
        Time = e.Timestamp, Kind = kind, Message = message, Slice = exchange?.Sent.Origin?.Slice, JobId = exchange?.JobId,
        Attempt = exchange?.Sent.Origin?.JobAttempt, Poll = exchange?.Kind == "poll" ? exchange.Index : null,
    };

    private static TestReadProgress Job(RunEvent e, string kind, string message, JobRef job) => new()
    {
        Time = e.Timestamp, Kind = kind, Message = message, Slice = job.Slice, JobId = job.JobId, Attempt = job.Attempt,
    };

    private SliceState Slice(string key)
    {
        if (_sliceByKey.TryGetValue(key, out var slice)) return slice;
        slice = new SliceState(key);
        _sliceByKey[key] = slice;
        _slices.Add(slice);
        return slice;
    }

    // The read loop's output: one call at a time.

    public ValueTask RecordAsync(string streamName, StreamSlice slice, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        var count = Interlocked.Increment(ref _records);
        if (count > recordLimit)
        {
            Interlocked.Decrement(ref _records);
            lock (_gate) _limits.Add("records");
            onRecordLimit();
            return ValueTask.CompletedTask;
        }
        var key = slice.Describe();
        lock (_gate) Slice(key).Records.Add(record);
        if (count == 1 || count % 50 == 0 || count == recordLimit)
            Report(new TestReadProgress { Time = time.GetUtcNow(), Kind = "records", Message = $"{count} record(s) so far", Records = count, Slice = key });
        return ValueTask.CompletedTask;
    }

    public ValueTask StateAsync(string streamName, StreamSlice slice, Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var target = ReferenceEquals(slice, StreamSlice.Empty) || slice == StreamSlice.Empty ? _lastClosed ?? _slices.LastOrDefault() : Slice(slice.Describe());
            if (target is not null) target.State = state;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordAsync(string streamName, Dictionary<string, object?> record, CancellationToken cancellationToken) =>
        RecordAsync(streamName, StreamSlice.Empty, record, cancellationToken);

    public ValueTask StateAsync(string streamName, Dictionary<string, object?> state, CancellationToken cancellationToken) =>
        StateAsync(streamName, StreamSlice.Empty, state, cancellationToken);

    public ValueTask StreamStatusAsync(string streamName, StreamStatus status, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    // The result.

    public StreamReadResult Build(string status, string? error, TestReadSettings settings, DateTimeOffset startedAt, TimeSpan duration, IReadOnlyList<IReadOnlyList<string>> primaryKey)
    {
        lock (_gate)
        {
            var logs = _logs.Select(l => l with { Message = redactor.Redact(l.Message) }).ToList();
            var slices = new List<SliceView>();
            var allRecords = new List<Dictionary<string, object?>>();
            foreach (var slice in _slices)
            {
                var view = new SliceView { SliceDescriptor = Element(Descriptor(slice.Key)) };
                if (slice.State is { } state) view.State.Add(Element(StateMessage(state)));
                var pages = _exchanges.Where(e => e.Placement == ExchangePlacement.Page && e.Sent.Origin?.Slice == slice.Key).ToList();
                var next = 0;
                for (var i = 0; i < pages.Count; i++)
                {
                    var take = pages[i].PageRecords is { } n && i < pages.Count - 1 ? n : slice.Records.Count - next;
                    take = Math.Max(0, Math.Min(take, slice.Records.Count - next));
                    // A page the read stopped at (the record limit, a cancel) before reading any of it is not shown as a page of 0 records.
                    if (take == 0 && pages[i].Failed is null && (pages[i].Received is null || (next == slice.Records.Count && _limits.Contains("records")))) continue;
                    var page = _views.Page(pages[i]);
                    page.Records.AddRange(slice.Records.Skip(next).Take(take).Select(RecordElement));
                    next += take;
                    view.Pages.Add(page);
                }
                if (next < slice.Records.Count)
                {
                    var rest = new PageView();
                    rest.Records.AddRange(slice.Records.Skip(next).Select(RecordElement));
                    view.Pages.Add(rest);
                }
                view.AuxiliaryRequests.AddRange(_exchanges.Where(e => e.Placement == ExchangePlacement.JobStep && e.Sent.Origin?.Slice == slice.Key).Select(_views.Auxiliary));
                allRecords.AddRange(slice.Records);
                slices.Add(view);
            }

            JsonElement? schema = null;
            List<string> nullOnly = [];
            Dictionary<string, string> formats = [];
            try
            {
                var inferrer = new SchemaInferrer();
                var datetimes = new DatetimeFormatInferrer();
                foreach (var record in allRecords)
                {
                    inferrer.Add(record);
                    datetimes.Add(record);
                }
                schema = Parse(redactor.Redact(JsonValues.ToJson(inferrer.Schema(primaryKey))));
                nullOnly = inferrer.NullOnlyFields();
                formats = datetimes.Formats();
            }
            catch (Exception e)
            {
                logs.Add(new LogEntry("ERROR", redactor.Redact($"schema inference failed: {e.Message}"), time.GetUtcNow()));
            }

            return new StreamReadResult
            {
                Stream = stream,
                Status = status,
                Error = error is null ? null : redactor.Redact(error),
                Logs = logs,
                Slices = slices,
                LimitsReached = [.. _limits],
                TestReadLimitReached = _limits.Count > 0,
                AuxiliaryRequests = _exchanges.Where(e => e.Placement == ExchangePlacement.Global).Select(_views.Auxiliary).ToList(),
                InferredSchema = schema,
                NullOnlyFields = nullOnly,
                InferredDatetimeFormats = formats,
                LatestConfigUpdate = _configUpdate is null ? null : Element(new Dictionary<string, object?>(_configUpdate.Where(p => !p.Key.StartsWith("__", StringComparison.Ordinal)))),
                Settings = settings,
                RecordCount = allRecords.Count,
                StartedAt = startedAt,
                DurationMs = Math.Round(duration.TotalMilliseconds, 1),
            };
        }
    }

    private static object? Descriptor(string key)
    {
        try { return JsonValues.Parse(key); }
        catch (JsonException) { return key; }
    }

    private Dictionary<string, object?> StateMessage(Dictionary<string, object?> state) => new(StringComparer.Ordinal)
    {
        ["type"] = "STREAM",
        ["stream"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["stream_descriptor"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = stream },
            ["stream_state"] = state,
        },
    };

    private JsonElement RecordElement(Dictionary<string, object?> record) => Element(record);

    /// <summary>A value as JSON, every secret (in any of its encoded forms) redacted.</summary>
    private JsonElement Element(object? value) => Parse(redactor.Redact(JsonValues.ToJson(value)));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
