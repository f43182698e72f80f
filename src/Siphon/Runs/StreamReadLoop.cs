using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Retrieval;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Runs;

/// <summary>What reading a stream yields: a record of a slice, a batch of them, or (with <see cref="State"/> set) a state to emit.</summary>
internal readonly record struct StreamItem(StreamSlice Slice, Dictionary<string, object?>? Record, Dictionary<string, object?>? State)
{
    /// <summary>Records carried together instead of <see cref="Record"/>: never split by a state, each row one record.</summary>
    public RecordBatch? Batch { get; init; }

    public int Part { get; init; }
    public IDurableSlice? Durable { get; init; }
}

/// <summary>
/// Reads one stream: crosses the retriever's partitions with the cursor's windows, feeds the slices to the retriever,
/// advances the cursor when a slice ends and yields the state after it. It owns the crash-safety protocol
/// (<see cref="ICrashSafety"/>, whose sequence it runs): a checkpoint a component asks for (an async job was created) is
/// yielded as soon as it is asked, and a durable slice's progress, end and commit are handled around the states. Used
/// for the selected streams and for parent streams alike.
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

    /// <summary>The stream's schema in the configured catalog, for the components that request only selected fields.</summary>
    public IReadOnlyDictionary<string, object?>? ConfiguredSchema { get; init; }

    public async IAsyncEnumerable<StreamItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_stream.IsSupported) throw new StreamNotSupportedException(_stream);
        var retriever = _stream.Retriever as IRetriever ?? throw new StreamNotSupportedException(_stream);
        var cursor = _stream.Cursor?.Begin(State, _environment.Scope, _environment.Resume);
        var channel = Channel.CreateBounded<StreamItem[]>(new BoundedChannelOptions(16) { SingleReader = true });
        var outbox = new Outbox(channel.Writer);
        var context = new RetrievalContext
        {
            StreamName = _stream.Name,
            Session = _environment.Session,
            Scope = _environment.Scope,
            Transformations = _stream.Transformations,
            PrepareBatch = _environment.PrepareBatch is { } prepare ? batch => prepare(_stream.Name, batch) : null,
            State = State,
            MaxConcurrency = _environment.MaxConcurrency,
            JobBudget = _environment.JobBudget,
            AbortJobsOnCancel = _environment.AbortJobsOnCancel,
            Resume = _environment.Resume,
            CrashSafety = outbox,
            Streams = new ReadLoopStreamReader(_environment),
            Cursor = cursor,
            Limits = _limits,
            ConfiguredSchema = ConfiguredSchema,
        };
        var events = _environment.Session.Run.Events;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _environment.Stop);
        var pump = PumpAsync(retriever, Slices(retriever, context, cursor, stop.Token), context, cursor, outbox, channel.Writer, stop.Token);
        // Once a state was emitted (an async job's checkpoint, say), later ones follow even when the state is empty again,
        // so a resumed read never sees a job that was already read and deleted.
        var stateEmitted = false;
        var open = new OpenSlice();
        var batches = channel.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var stopped = false;
        try
        {
            while (true)
            {
                StreamItem[] batch;
                try
                {
                    if (!await batches.MoveNextAsync().ConfigureAwait(false)) break;
                    batch = batches.Current;
                }
                catch (Exception) when (_environment.Stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // A graceful stop ended the retriever: what it read before is out, whatever it failed with on the way.
                    stopped = true;
                    break;
                }
                foreach (var item in batch)
                {
                    if (item.State is not null)
                    {
                        stateEmitted = true;
                        // Cannot say how far the open slice got: its end's state carries what this one wanted saved.
                        if (!open.TryCheckpoint()) continue;
                        yield return item with { State = State.Snapshot() };
                        continue;
                    }
                    if (item.Batch is { } rows)
                    {
                        // No cursor looks at these rows (the pump materialised them for one): they count one by one, and
                        // a checkpoint that falls inside the batch splits it, so each state covers exactly the rows before it.
                        while (rows.Count > 0)
                        {
                            var room = open.SinceState >= _environment.CheckpointEveryRecords ? 1 : _environment.CheckpointEveryRecords - open.SinceState;
                            var take = (int)Math.Min(rows.Count, room);
                            open.Read(item.Part, item.Durable, take);
                            open.Output(take);
                            yield return item with { Batch = take == rows.Count ? rows : rows.Slice(0, take) };
                            rows = rows.From(take);
                            if (open.SinceState >= _environment.CheckpointEveryRecords && open.TryCheckpoint())
                            {
                                stateEmitted = true;
                                yield return new StreamItem(StreamSlice.Empty, null, State.Snapshot());
                            }
                        }
                        continue;
                    }
                    if (item.Record is { } record)
                    {
                        open.Read(item.Part, item.Durable);
                        if (cursor?.ShouldEmit(record, item.Slice) != false)
                        {
                            cursor?.Observe(record, item.Slice);
                            open.Output();
                            yield return item;
                            // The record above is out (the consumer asked for the next item), so this state covers it.
                            if (open.SinceState >= _environment.CheckpointEveryRecords && open.TryCheckpoint())
                            {
                                stateEmitted = true;
                                yield return new StreamItem(StreamSlice.Empty, null, State.Snapshot());
                            }
                        }
                        continue;
                    }
                    open.Close();
                    item.Durable?.BeforeState();
                    cursor?.Close(item.Slice);
                    if (events.IsEnabled)
                        events.Publish(new SliceCompleted(_environment.Session.Run.Time.GetUtcNow(), Step.Read(_stream.Name), _stream.Name, item.Slice.Describe()));
                    if (cursor is not null || !State.IsEmpty || stateEmitted) yield return item with { State = State.Snapshot() };
                    // The consumer asked for the next item, so the state above is out: now the slice's job may go.
                    if (item.Durable is { } durable) await durable.AfterCommitAsync().ConfigureAwait(false);
                }
            }
            if (stopped)
            {
                // The retriever has let go of its jobs (kept at the provider and in the state): one last state says how far
                // the open slice got, so the next read resumes the same job's download after the last record output.
                try { await pump.ConfigureAwait(false); }
                catch (Exception) { /* the stop's own cancellation */ }
                if ((cursor is not null || !State.IsEmpty || stateEmitted) && open.TryCheckpoint())
                    yield return new StreamItem(StreamSlice.Empty, null, State.Snapshot());
                yield break;
            }
            await pump.ConfigureAwait(false);
            cursor?.Complete();
            State.Complete();
            if (cursor is not null || !State.IsEmpty || stateEmitted) yield return new StreamItem(StreamSlice.Empty, null, State.Snapshot());
        }
        finally
        {
            await batches.DisposeAsync().ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            try { await pump.ConfigureAwait(false); }
            catch (Exception) { /* surfaced through the channel, or cancelled because the consumer stopped */ }
        }
    }

    private async IAsyncEnumerable<StreamSlice> Slices(IRetriever retriever, RetrievalContext context, CursorRun? cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = _environment.Session.Run.Events;
        var count = 0;
        await foreach (var partition in retriever.SlicesAsync(context, cancellationToken).ConfigureAwait(false))
        {
            foreach (var slice in cursor is null ? new[] { partition } : cursor.Windows(partition))
            {
                if (_limits?.MaxSlices is { } max && count++ >= max)
                {
                    if (events.IsEnabled)
                        events.Publish(new ReadLimitReached(_environment.Session.Run.Time.GetUtcNow(), Step.Read(_stream.Name), _stream.Name, "slices", null));
                    yield break;
                }
                if (events.IsEnabled)
                    events.Publish(new SliceStarted(_environment.Session.Run.Time.GetUtcNow(), Step.Read(_stream.Name), _stream.Name, slice.Describe()));
                yield return slice;
            }
        }
    }

    /// <summary>
    /// Moves the retriever's items to the channel in batches: a batch goes out when it is full or as soon as the
    /// retriever has to wait, so records never sit in the batch while nothing else is coming. With a record limit it
    /// stops pulling one record past it, so the retriever's own reading ahead ends there.
    /// </summary>
    private static async Task PumpAsync(IRetriever retriever, IAsyncEnumerable<StreamSlice> slices, RetrievalContext context, CursorRun? cursor, Outbox outbox,
        ChannelWriter<StreamItem[]> writer, CancellationToken cancellationToken)
    {
        var items = retriever.ReadAsync(slices, context, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Task<bool>? pending = null;
        var wanted = context.Limits?.MaxRecords;
        long passed = 0;
        try
        {
            while (wanted is null || passed <= wanted)
            {
                var next = items.MoveNextAsync();
                bool more;
                if (next.IsCompleted) more = next.GetAwaiter().GetResult();
                else
                {
                    pending = next.AsTask();
                    await outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
                    more = await pending.ConfigureAwait(false);
                    pending = null;
                }
                if (!more) break;
                var item = items.Current;
                passed += item.Batch?.Count ?? (item.Record is null ? 0 : 1);
                var waiting = 0;
                if (item.Batch is { } batch && cursor is not null)
                {
                    // A cursor reads each record's cursor field: the rows become records here, one by one.
                    foreach (var record in batch.Records())
                        waiting = outbox.Add(new StreamItem(item.Slice, record, null) { Part = item.Part, Durable = item.Durable });
                }
                else waiting = outbox.Add(new StreamItem(item.Slice, item.Record, null) { Batch = item.Batch, Part = item.Part, Durable = item.Durable }, item.Batch?.Count ?? 1);
                if (waiting >= AsyncBatching.DefaultSize)
                    await outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            await outbox.FlushAsync(cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            // What was read before the failure still goes out, ahead of the error.
            try { await outbox.FlushAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception) { /* stopped: the error below is what matters */ }
            writer.TryComplete(e);
        }
        finally
        {
            if (pending is not null)
                try { await pending.ConfigureAwait(false); }
                catch (Exception) { /* already reported through the channel */ }
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The items waiting to enter the channel. A checkpoint (asked from another thread when a job is created) joins the
    /// same queue behind the records already read, so a state is never emitted ahead of records read before it.
    /// Writes are issued under the lock, and a bounded channel serves waiting writers in order.
    /// </summary>
    private sealed class Outbox(ChannelWriter<StreamItem[]> writer) : ICrashSafety
    {
        /// <summary>A state marker: the loop replaces it with the state's snapshot when it reaches it.</summary>
        private static StreamItem CheckpointMarker => new(StreamSlice.Empty, null, JsonValues.NewObject());

        private readonly Lock _gate = new();
        private readonly List<StreamItem> _pending = new(AsyncBatching.DefaultSize);

        /// <summary>Records waiting since the last flush: a batch weighs its rows, so the channel's memory stays bounded in records.</summary>
        private int _records;

        /// <summary>Adds an item of <paramref name="records"/> records and returns the records now waiting.</summary>
        public int Add(StreamItem item, int records = 1)
        {
            lock (_gate)
            {
                _pending.Add(item);
                return _records += records;
            }
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (_pending.Count == 0) return ValueTask.CompletedTask;
                var batch = _pending.ToArray();
                _pending.Clear();
                _records = 0;
                return writer.WriteAsync(batch, cancellationToken);
            }
        }

        public void RequestCheckpoint()
        {
            lock (_gate)
            {
                _pending.Add(CheckpointMarker);
                var batch = _pending.ToArray();
                _pending.Clear();
                _records = 0;
                if (!writer.TryWrite(batch))
                    _ = writer.WriteAsync(batch).AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>A stream Siphon cannot run (a custom component, an unsupported type); the reasons say why.</summary>
public sealed class StreamNotSupportedException(StreamDefinition stream)
    : Exception($"stream '{stream.Name}' cannot run in Siphon: {(stream.UnsupportedReasons.Count > 0 ? string.Join("; ", stream.UnsupportedReasons) : "it has no retriever Siphon can run")}");
