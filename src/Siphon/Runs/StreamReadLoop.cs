using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Runs;

/// <summary>What reading a stream yields: a record of a slice, or (with <see cref="State"/> set) a state to emit.</summary>
internal readonly record struct StreamItem(StreamSlice Slice, Dictionary<string, object?>? Record, Dictionary<string, object?>? State)
{
    public int Part { get; init; }
    public SliceHooks? Hooks { get; init; }
}

/// <summary>
/// Reads one stream: crosses the retriever's partitions with the cursor's windows, feeds the slices to the retriever,
/// advances the cursor when a slice ends and yields the state after it; a checkpoint a component asks for (an async job
/// was created) is yielded as soon as it is asked. Used for the selected streams and for parent streams alike.
/// </summary>
internal sealed class StreamReadLoop
{
    private readonly StreamDefinition _stream;
    private readonly ReadEnvironment _environment;
    private readonly ReadLimits? _limits;

    public StreamReadLoop(StreamDefinition stream, ReadEnvironment environment, Dictionary<string, object?>? state, ReadLimits? limits = null)
    {
        _limits = limits;
        _stream = stream;
        _environment = environment;
        var migrated = state;
        if (migrated is not null)
            foreach (var migration in stream.StateMigrations)
                if (migration.ShouldMigrate(migrated)) migrated = migration.Migrate(migrated);
        State = new StreamStateStore(migrated is null ? null : (Dictionary<string, object?>)JsonValues.Parse(JsonValues.ToJson(migrated))!);
    }

    public StreamStateStore State { get; }

    public async IAsyncEnumerable<StreamItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_stream.IsSupported) throw new StreamNotSupportedException(_stream);
        var retriever = _stream.Retriever as IRetriever ?? throw new StreamNotSupportedException(_stream);
        var cursor = _stream.Cursor?.Begin(State, _environment.Scope);
        var context = new RetrievalContext
        {
            StreamName = _stream.Name,
            Session = _environment.Session,
            Scope = _environment.Scope,
            Transformations = _stream.Transformations,
            State = State,
            MaxConcurrency = _environment.MaxConcurrency,
            JobBudget = _environment.JobBudget,
            AbortJobsOnCancel = _environment.AbortJobsOnCancel,
            RunsAfterCommit = true,
            Cursor = cursor,
            Limits = _limits,
        };
        var events = _environment.Session.Events;
        var channel = Channel.CreateBounded<StreamItem>(new BoundedChannelOptions(256) { SingleReader = true });
        var checkpoint = new StreamItem(StreamSlice.Empty, null, JsonValues.NewObject());
        void OnCheckpoint()
        {
            if (!channel.Writer.TryWrite(checkpoint))
                _ = channel.Writer.WriteAsync(checkpoint).AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        State.CheckpointRequested += OnCheckpoint;
        var pump = PumpAsync(retriever, Slices(retriever, context, cursor, stop.Token), context, channel.Writer, stop.Token);
        // Once a state was emitted (an async job's checkpoint, say), later ones follow even when the state is empty again,
        // so a resumed read never sees a job that was already read and deleted.
        var stateEmitted = false;
        // Records of a slice were output and its end not yet: a state now commits part of a slice, so it must also say
        // how much of each part was output (an async job's files), or wait for the slice's end when the retriever
        // cannot resume part-way; otherwise a resumed read would output those records again.
        var sliceOpen = false;
        var openCounts = new Dictionary<int, long>();
        Func<IReadOnlyDictionary<int, long>, bool>? saveProgress = null;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.State is not null)
                {
                    stateEmitted = true;
                    // Cannot say how far the open slice got: its end's state carries what this one wanted saved.
                    if (sliceOpen && saveProgress?.Invoke(openCounts) != true) continue;
                    yield return item with { State = State.Snapshot() };
                    continue;
                }
                if (item.Record is { } record)
                {
                    openCounts[item.Part] = openCounts.GetValueOrDefault(item.Part) + 1;
                    saveProgress = item.Hooks?.SaveProgress;
                    if (cursor?.ShouldEmit(record, item.Slice) != false)
                    {
                        sliceOpen = true;
                        yield return item;
                    }
                    continue;
                }
                sliceOpen = false;
                openCounts.Clear();
                saveProgress = null;
                item.Hooks?.BeforeState?.Invoke();
                cursor?.Close(item.Slice);
                if (events.IsEnabled)
                    events.Publish(new SliceCompleted(_environment.Session.Time.GetUtcNow(), _stream.Name, _stream.Name, item.Slice.Describe()));
                if (cursor is not null || !State.IsEmpty || stateEmitted) yield return item with { State = State.Snapshot() };
                // The consumer asked for the next item, so the state above is out: now the slice's job may go.
                if (item.Hooks?.AfterCommit is { } afterCommit) await afterCommit().ConfigureAwait(false);
            }
            await pump.ConfigureAwait(false);
            cursor?.Complete();
            State.Complete();
            if (cursor is not null || !State.IsEmpty || stateEmitted) yield return new StreamItem(StreamSlice.Empty, null, State.Snapshot());
        }
        finally
        {
            State.CheckpointRequested -= OnCheckpoint;
            await stop.CancelAsync().ConfigureAwait(false);
            try { await pump.ConfigureAwait(false); }
            catch (Exception) { /* surfaced through the channel, or cancelled because the consumer stopped */ }
        }
    }

    private async IAsyncEnumerable<StreamSlice> Slices(IRetriever retriever, RetrievalContext context, CursorRun? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = _environment.Session.Events;
        var count = 0;
        await foreach (var partition in retriever.SlicesAsync(context, cancellationToken).ConfigureAwait(false))
        {
            foreach (var slice in cursor is null ? new[] { partition } : cursor.Windows(partition))
            {
                if (_limits?.MaxSlices is { } max && count++ >= max)
                {
                    if (events.IsEnabled)
                        events.Publish(new ReadLimitReached(_environment.Session.Time.GetUtcNow(), _stream.Name, _stream.Name, "slices", null));
                    yield break;
                }
                if (events.IsEnabled)
                    events.Publish(new SliceStarted(_environment.Session.Time.GetUtcNow(), _stream.Name, _stream.Name, slice.Describe()));
                yield return slice;
            }
        }
    }

    private static async Task PumpAsync(IRetriever retriever, IAsyncEnumerable<StreamSlice> slices, RetrievalContext context, ChannelWriter<StreamItem> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in retriever.ReadAsync(slices, context, cancellationToken).ConfigureAwait(false))
                await writer.WriteAsync(new StreamItem(item.Slice, item.Record, null) { Part = item.Part, Hooks = item.Hooks },
                    cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }
}

/// <summary>A stream Siphon cannot run (a custom component, an unsupported type); the reasons say why.</summary>
public sealed class StreamNotSupportedException(StreamDefinition stream)
    : Exception($"stream '{stream.Name}' cannot run in Siphon: {(stream.UnsupportedReasons.Count > 0 ? string.Join("; ", stream.UnsupportedReasons) : "it has no retriever Siphon can run")}");
