using System.Collections.Concurrent;
using Siphon.Source;
using Siphon.Testing;

namespace Siphon.Builder;

/// <summary>
/// One test read running on the server: an id the UI follows, its progress so far (replayed to every new listener,
/// then live), its result once done, and the means to stop it for real.
/// </summary>
public sealed class TestReadRun
{
    private const int MaxProgress = 20_000;
    private readonly List<TestReadProgress> _progress = [];
    private readonly CancellationTokenSource _cancel = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal TestReadRun(string id) => Id = id;

    public string Id { get; }
    public Task Completion { get; private set; } = Task.CompletedTask;
    public TestReadOutcome? Outcome { get; private set; }
    public string Status => Outcome?.Result.Status ?? "running";

    internal void Start(ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config, TestReadRequest request, TimeProvider time)
    {
        Completion = Task.Run(async () =>
        {
            try
            {
                Outcome = await TestReader.RunAsync(connector, config, request, Add, _cancel.Token, time).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Outcome = new TestReadOutcome(new StreamReadResult
                {
                    Stream = request.Stream, Status = "failed", Error = e.Message,
                    Settings = new TestReadSettings(request.Limits.Records, request.Limits.PagesPerSlice, request.Limits.Slices, request.BodyCaptureBytes,
                        request.JobAttempts, request.JobTimeout?.TotalMinutes, request.Record, request.Replay is not null, []),
                }, null);
                Add(new TestReadProgress { Time = time.GetUtcNow(), Kind = "finished", Message = "test read failed" });
            }
            finally
            {
                Signal();
            }
        });
    }

    public void Cancel() => _cancel.Cancel();

    private void Add(TestReadProgress progress)
    {
        lock (_progress)
            if (_progress.Count < MaxProgress || progress.Kind == "finished") _progress.Add(progress);
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_progress)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>Progress after <paramref name="after"/> (a sequence number), and a task that completes when there is more.</summary>
    public (IReadOnlyList<TestReadProgress> Items, Task More) ProgressAfter(long after)
    {
        lock (_progress) return (_progress.Where(p => p.Sequence > after).ToList(), _changed.Task);
    }
}

/// <summary>
/// The test reads of this server, by id; finished ones beyond the most recent <see cref="Keep"/> are forgotten. Unless
/// told otherwise, they refuse link-local and cloud-metadata addresses: a manifest's URLs may come from any page.
/// </summary>
public sealed class TestReadRuns(TimeProvider time, bool refuseLinkLocal = true)
{
    public const int Keep = 50;
    private readonly ConcurrentDictionary<string, TestReadRun> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public TestReadRun Start(ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config, TestReadRequest request)
    {
        var run = new TestReadRun(Guid.NewGuid().ToString("n")[..12]);
        _runs[run.Id] = run;
        _order.Enqueue(run.Id);
        run.Start(connector, config, request with { RefuseLinkLocal = refuseLinkLocal }, time);
        while (_order.Count > Keep && _order.TryPeek(out var oldest) && _runs.TryGetValue(oldest, out var old) && old.Completion.IsCompleted)
            if (_order.TryDequeue(out oldest)) _runs.TryRemove(oldest, out _);
        return run;
    }

    public TestReadRun? Find(string id) => _runs.GetValueOrDefault(id);
}
