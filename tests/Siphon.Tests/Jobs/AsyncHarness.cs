using System.Collections.Concurrent;
using System.Globalization;
using Siphon.Http;
using Siphon.Jobs;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Runs;
using Siphon.Simulator;
using Siphon.Source;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>Builds an async stream from a manifest through the real registry and reads it against the simulator.</summary>
public sealed class AsyncHarness : IAsyncDisposable
{
    private AsyncHarness(SimulatorHost simulator) => Simulator = simulator;

    public SimulatorHost Simulator { get; }
    public EventLog Events { get; } = new();

    public static async Task<AsyncHarness> StartAsync(Knobs? knobs = null) =>
        new(await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = knobs ?? new Knobs { Rows = 300, PollsUntilDone = 2 } }));

    public string BaseUrl => Simulator.BaseUrl.ToString().TrimEnd('/');

    public Dictionary<string, object?> Config(string? extra = null) =>
        (Dictionary<string, object?>)JsonValues.Parse($$"""{"api_key":"{{Simulator.Options.BearerToken}}","key":"{{Simulator.Options.ApiKey}}","base_url":"{{BaseUrl}}"{{extra}}}""")!;

    public static IRetriever Build(string manifest, string stream = "items")
    {
        var loaded = ConnectorLoader.Parse("manifest.yaml", manifest);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var definition = loaded.Definition!.FindStream(stream)!;
        Assert.True(definition.IsSupported, string.Join("\n", definition.UnsupportedReasons));
        return Assert.IsAssignableFrom<IRetriever>(definition.Retriever);
    }

    public RetrievalContext Context(Dictionary<string, object?> config, StreamStateStore? state = null, JobBudget? budget = null, bool abortOnCancel = true,
        ICrashSafety? crashSafety = null) => new()
    {
        StreamName = "items",
        Session = new HttpSession(events: Events),
        Scope = new TemplateScope(new Dictionary<string, object?> { ["config"] = config }),
        State = state ?? new StreamStateStore(),
        JobBudget = budget ?? new JobBudget(2),
        AbortJobsOnCancel = abortOnCancel,
        CrashSafety = crashSafety,
    };

    /// <summary>Reads every record; slice ends are counted, records kept in arrival order.</summary>
    public static async Task<ReadResult> ReadAsync(IRetriever retriever, RetrievalContext context, IAsyncEnumerable<StreamSlice>? slices = null,
        CancellationToken cancellationToken = default)
    {
        var records = new List<Dictionary<string, object?>>();
        var sliceEnds = 0;
        await foreach (var item in retriever.ReadAsync(slices ?? retriever.SlicesAsync(context, cancellationToken), context, cancellationToken))
        {
            if (!item.IsSliceEnd) { records.AddRange(item.Records()); continue; }
            sliceEnds++;
            // A context with crash safety promises what the read loop does at a slice's end (its state is output at once here).
            if (context.CrashSafety is not null && item.Durable is { } durable)
            {
                durable.BeforeState();
                await durable.AfterCommitAsync();
            }
        }
        return new ReadResult(records, sliceEnds);
    }

    /// <summary>
    /// A read that crashes at its first state checkpoint (the job was just saved), leaving the jobs running: returns the
    /// state it had checkpointed, as a restarted process would load it.
    /// </summary>
    public async Task<Dictionary<string, object?>> ReadUntilFirstCheckpointAsync(IRetriever retriever)
    {
        using var crash = new CancellationTokenSource();
        var state = new StreamStateStore();
        Dictionary<string, object?>? saved = null;
        var checkpoints = new CheckpointObserver(() =>
        {
            saved = state.Snapshot();
            crash.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ReadAsync(retriever, Context(Config(), state, abortOnCancel: false, crashSafety: checkpoints), cancellationToken: crash.Token));
        Assert.NotNull(saved);
        return (Dictionary<string, object?>)JsonValues.Parse(JsonValues.ToJson(saved))!;
    }

    public sealed record ReadResult(List<Dictionary<string, object?>> Records, int SliceEnds)
    {
        public ExpectedRecords Checksum()
        {
            var sum = new ChecksumAccumulator();
            foreach (var record in Records)
                sum.Add(record.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value switch
                {
                    null => "",
                    string s => s,
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    var other => JsonValues.ToJson(other),
                })));
            return new ExpectedRecords(sum.Count, sum.Checksum);
        }
    }

    public ExpectedRecords ExpectedForAllJobs(Func<JobStats, bool>? which = null)
    {
        var completed = Simulator.Stats.Jobs.Where(j => j.Phase == JobPhase.Completed && (which?.Invoke(j) ?? true)).ToList();
        var expected = completed.Select(j => Simulator.ExpectedForJob(j.Id)).ToList();
        return new ExpectedRecords(expected.Sum(e => e.Records), RecordChecksum.Format(expected.Aggregate(0UL, (sum, e) => sum + ulong.Parse(e.Checksum, NumberStyles.HexNumber))));
    }

    public ValueTask DisposeAsync() => Simulator.DisposeAsync();

    public sealed class EventLog : IRunEventSink
    {
        public ConcurrentQueue<RunEvent> All { get; } = new();
        public bool IsEnabled => true;
        public void Publish(RunEvent runEvent) => All.Enqueue(runEvent);
        public IEnumerable<T> Of<T>() => All.OfType<T>();
    }
}

/// <summary>The read loop's side of the crash-safety protocol for a test that reads a retriever directly: runs an action at each checkpoint.</summary>
public sealed class CheckpointObserver(Action onCheckpoint) : ICrashSafety
{
    public void RequestCheckpoint() => onCheckpoint();
}
