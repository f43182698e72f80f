using Siphon.Http;
using Siphon.Source;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Runs;

/// <summary>A stream to read and the state its previous read ended with (the protocol's <c>stream_state</c>), if any.</summary>
public sealed record StreamReadRequest(string Stream, Dictionary<string, object?>? State = null)
{
    /// <summary>The stream's <c>json_schema</c> in the configured catalog (the fields selected); null without a catalog.</summary>
    public IReadOnlyDictionary<string, object?>? ConfiguredSchema { get; init; }
}

/// <summary>Settings of a read.</summary>
public sealed record ReadOptions
{
    /// <summary>How many slices of a stream are read at once; the manifest's <c>concurrency_level</c> (else 2) when null.</summary>
    public int? MaxConcurrency { get; init; }

    public const int DefaultConcurrency = 2;

    /// <summary>
    /// Whether stopping the read aborts running async jobs and deletes completed ones (true: nobody can resume them, as
    /// in a test read) or leaves them at the provider and in the state for a resumed read.
    /// </summary>
    public bool AbortJobsOnCancel { get; init; } = true;

    /// <summary>
    /// A graceful stop (Ctrl+C, SIGTERM): the read stops fetching, outputs what was already read up to a record boundary,
    /// then a state saying how far it got (the open slice's download position included), and returns with
    /// <see cref="ReadSummary.Stopped"/> set. The cancellation token passed to the read stops it at once instead.
    /// </summary>
    public CancellationToken Stop { get; init; }

    /// <summary>Limits and overrides for the selected streams (a test read's); null reads everything as configured.</summary>
    public ReadLimits? Limits { get; init; }

    /// <summary>
    /// Records of one open slice after which a state is emitted that says how far the slice got (when its retriever
    /// can resume part-way, as an async job's downloads can): a destination commits a huge slice in bounded
    /// transactions, and a read that stops resumes there instead of at the slice's start.
    /// </summary>
    public long CheckpointEveryRecords { get; init; } = DefaultCheckpointEveryRecords;

    public const long DefaultCheckpointEveryRecords = 100_000;

    /// <summary>
    /// True when the consumer commits each state together with the records before it (Siphon's DuckDB destination): an
    /// incremental stream then resumes right after the last window it committed whole, so a table without a primary key
    /// never gets a window twice. Otherwise (a platform reading the output) it resumes at the state's value itself, as
    /// the reference does; the state written is the same either way.
    /// </summary>
    public bool ResumeAfterCommittedWindows { get; init; }
}

/// <summary>How a read went: the records emitted per stream and the streams that failed (the others completed).</summary>
public sealed record ReadSummary(IReadOnlyDictionary<string, long> Records, IReadOnlyList<StreamReadFailure> Failures)
{
    public bool Succeeded => Failures.Count == 0 && !Stopped;

    /// <summary>The read was stopped gracefully (<see cref="ReadOptions.Stop"/>); <see cref="StoppedStream"/> was cut short.</summary>
    public bool Stopped => StoppedStream is not null;

    public string? StoppedStream { get; init; }
}

public sealed record StreamReadFailure(string Stream, Exception Error);

/// <summary>
/// The read loop: reads the requested streams of a connector one after another, each stream's slices concurrently (up
/// to the degree of parallelism), and hands records, states and stream statuses to an <see cref="IReadOutput"/>, one call
/// at a time. A stream that fails is reported INCOMPLETE and the read goes on with the next; cancellation stops it all.
/// </summary>
public sealed class SourceReader(ConnectorDefinition connector, HttpSession session, ReadOptions? options = null)
{
    private readonly ReadOptions _options = options ?? new ReadOptions();

    public async Task<ReadSummary> ReadAsync(IReadOnlyDictionary<string, object?> config, IReadOnlyList<StreamReadRequest> streams,
        IReadOutput output, CancellationToken cancellationToken)
    {
        var scope = new TemplateScope(new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config }, session.Run.Time);
        // One job budget for every async stream of the run, parents included, from the user's config.
        var budget = JobBudget.FromManifest(connector.MaxConcurrentAsyncJobCount, scope);
        var environment = new ReadEnvironment(session, scope, Concurrency(scope), budget, _options.AbortJobsOnCancel, _options.CheckpointEveryRecords, _options.Stop)
        {
            Resume = _options.ResumeAfterCommittedWindows ? Partitions.CursorResume.AfterCommittedWindows : Partitions.CursorResume.AtStateValue,
            // Only an output that takes whole batches gets them (a slice-aware one gets each row), so only it prepares them.
            PrepareBatch = output is IBatchReadOutput batchOutput && output is not ISliceAwareReadOutput ? batchOutput.Prepare : null,
        };
        var records = new Dictionary<string, long>(StringComparer.Ordinal);
        var failures = new List<StreamReadFailure>();
        foreach (var request in streams)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_options.Stop.IsCancellationRequested) return new ReadSummary(records, failures) { StoppedStream = request.Stream };
            var stream = connector.FindStream(request.Stream);
            if (stream is null)
            {
                failures.Add(new StreamReadFailure(request.Stream, new ArgumentException($"the connector has no stream named '{request.Stream}'")));
                continue;
            }
            var count = 0L;
            await StatusAsync(output, stream.Name, StreamStatus.Started, null, cancellationToken).ConfigureAwait(false);
            try
            {
                // A state-delegating stream without usable state reads its full-refresh stream from scratch.
                var delegated = stream.ForState(request.State, session.Run.Time.GetUtcNow());
                var reader = new StreamReadLoop(delegated, environment, ReferenceEquals(delegated, stream) ? request.State : null, _options.Limits)
                {
                    ConfiguredSchema = request.ConfiguredSchema,
                };
                var sliced = output as ISliceAwareReadOutput;
                var batched = output as IBatchReadOutput;
                var running = false;
                await foreach (var item in reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Items read ahead by concurrent slices are not output once the read is stopped.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (item.State is { } state)
                    {
                        if (sliced is not null) await sliced.StateAsync(stream.Name, item.Slice, state, cancellationToken).ConfigureAwait(false);
                        else await output.StateAsync(stream.Name, state, cancellationToken).ConfigureAwait(false);
                        if (session.Run.Events.IsEnabled)
                            session.Run.Events.Publish(new StateEmitted(session.Run.Time.GetUtcNow(), Step.Read(stream.Name), stream.Name, JsonValues.ToJson(state)));
                        continue;
                    }
                    if (!running)
                    {
                        running = true;
                        await StatusAsync(output, stream.Name, StreamStatus.Running, null, cancellationToken).ConfigureAwait(false);
                    }
                    if (item.Batch is { } batch)
                    {
                        if (batched is not null && sliced is null)
                        {
                            count += batch.Count;
                            await batched.RecordsAsync(stream.Name, batch, cancellationToken).ConfigureAwait(false);
                        }
                        else
                            for (var i = 0; i < batch.Count; i++)
                            {
                                // As between items: an output that stops the read (a test read's record limit) gets no row after.
                                if (i > 0) cancellationToken.ThrowIfCancellationRequested();
                                count++;
                                await RecordAsync(output, sliced, stream.Name, item.Slice, batch.Materialize(i), cancellationToken).ConfigureAwait(false);
                            }
                        continue;
                    }
                    count++;
                    await RecordAsync(output, sliced, stream.Name, item.Slice, item.Record!, cancellationToken).ConfigureAwait(false);
                }
                if (_options.Stop.IsCancellationRequested)
                {
                    // Neither complete nor failed: the state output above says where the next read goes on.
                    records[stream.Name] = count;
                    return new ReadSummary(records, failures) { StoppedStream = stream.Name };
                }
                await StatusAsync(output, stream.Name, StreamStatus.Complete, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(new StreamReadFailure(stream.Name, e));
                await StatusAsync(output, stream.Name, StreamStatus.Incomplete, e.Message, cancellationToken).ConfigureAwait(false);
            }
            records[stream.Name] = count;
        }
        return new ReadSummary(records, failures);
    }

    private static ValueTask RecordAsync(IReadOutput output, ISliceAwareReadOutput? sliced, string stream, Partitions.StreamSlice slice,
        Dictionary<string, object?> record, CancellationToken cancellationToken) =>
        sliced is not null ? sliced.RecordAsync(stream, slice, record, cancellationToken) : output.RecordAsync(stream, record, cancellationToken);

    private async ValueTask StatusAsync(IReadOutput output, string stream, StreamStatus status, string? error, CancellationToken cancellationToken)
    {
        if (session.Run.Events.IsEnabled) session.Run.Events.Publish(new StreamStatusChanged(session.Run.Time.GetUtcNow(), Step.Read(stream), stream, status, error));
        await output.StreamStatusAsync(stream, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The degree of parallelism: the option, else the manifest's concurrency_level (rendered over config, capped by max_concurrency).</summary>
    private int Concurrency(TemplateScope scope)
    {
        if (_options.MaxConcurrency is { } set) return Math.Max(1, set);
        if (connector.ConcurrencyLevel is not { } level) return ReadOptions.DefaultConcurrency;
        var value = Template.Compile(level.DefaultConcurrency, "concurrency_level.default_concurrency").Evaluate(scope) switch
        {
            long l => (int)l,
            double d => (int)d,
            string s when int.TryParse(s, out var parsed) => parsed,
            _ => ReadOptions.DefaultConcurrency,
        };
        if (level.MaxConcurrency is { } max) value = (int)Math.Min(value, max);
        return Math.Max(1, value);
    }
}

/// <summary>The protocol's input state: a list of per-stream STATE messages, as <c>read --state</c> receives it.</summary>
public static class ProtocolState
{
    /// <summary>Each stream's <c>stream_state</c> from a list of <c>{"type": "STREAM", "stream": {...}}</c> messages.</summary>
    public static Dictionary<string, Dictionary<string, object?>> PerStream(object? value)
    {
        var states = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        if (value is Dictionary<string, object?> legacy)
        {
            // The legacy state file: one mapping of stream name to stream state.
            foreach (var (name, state) in legacy)
                if (state is Dictionary<string, object?> streamState) states[name] = streamState;
            return states;
        }
        if (value is not List<object?> messages) return states;
        foreach (var message in messages.OfType<Dictionary<string, object?>>())
        {
            if (message.GetValueOrDefault("stream") is not Dictionary<string, object?> stream) continue;
            if ((stream.GetValueOrDefault("stream_descriptor") as Dictionary<string, object?>)?.GetValueOrDefault("name") is not string name) continue;
            if (stream.GetValueOrDefault("stream_state") is Dictionary<string, object?> state) states[name] = state;
        }
        return states;
    }
}
