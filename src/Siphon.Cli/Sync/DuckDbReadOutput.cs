using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Siphon.DuckDb;
using Siphon.Records;
using Siphon.Runs;

namespace Siphon.Cli.Sync;

/// <summary>
/// Feeds the destination from a writer task of its own, so that reading and decoding (the read loop's side) and DuckDB's
/// appends and commits (the writer's side) use both cores. Records cross a bounded channel in batches, so little is held
/// in flight; a state or a stream's completion waits until the writer has committed it with every record before it, so
/// when <see cref="StateAsync"/> returns the state is as durable as when the read loop wrote to the destination itself.
/// A batch of the read path crosses whole: a text batch (<see cref="ITextRows"/>) is appended from its values, any other
/// batch's rows are materialised on the writer's side, one record at a time.
/// </summary>
internal sealed class DuckDbReadOutput : IBatchReadOutput, IAsyncDisposable
{
    /// <summary>Records per batch handed to the writer: large enough that crossing threads costs nothing per record.</summary>
    internal const int BatchSize = 256;

    // A few batches in flight keep the writer busy while the reader decodes the next. Few, because a record that waits
    // here outlives the garbage collector's youngest generation and costs a promotion: 4 x 1024 in flight measured more
    // GC page faults and CPU than the synchronous writer it replaced.
    private const int BatchesInFlight = 4;

    private readonly DuckDbDestination _destination;
    private readonly SyncProgress _progress;
    private readonly Channel<Work> _channel = Channel.CreateBounded<Work>(new BoundedChannelOptions(BatchesInFlight)
    {
        SingleReader = true,
        SingleWriter = true,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private Dictionary<string, object?>[] _batch = new Dictionary<string, object?>[BatchSize];
    private int _count;
    private string? _batchStream;
    // Set by the writer when a stream's write fails; its next record, state or completion rethrows it.
    private volatile StreamFailure? _failure;

    public DuckDbReadOutput(DuckDbDestination destination, SyncProgress progress)
    {
        _destination = destination;
        _progress = progress;
        _writer = Task.Run(WriteAllAsync);
    }

    public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        ThrowIfFailed(stream);
        _progress.Record(stream);
        if (_batchStream != stream && _count > 0) return SendThenAddAsync(stream, record, cancellationToken);
        _batchStream = stream;
        _batch[_count++] = record;
        return _count == BatchSize ? SendBatchAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public ValueTask RecordsAsync(string stream, RecordBatch batch, CancellationToken cancellationToken)
    {
        ThrowIfFailed(stream);
        _progress.Records(stream, batch.Count);
        // Records gathered one by one go first, so the rows keep the read's order.
        return _count > 0 ? SendThenBatchAsync(stream, batch, cancellationToken) : SendAsync(stream, batch, cancellationToken);
    }

    public async ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        await SendAndWaitAsync(stream, state, complete: false, cancellationToken);
        _progress.Checkpoint(stream);
    }

    public async ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken)
    {
        if (status == StreamStatus.Complete) await SendAndWaitAsync(stream, state: null, complete: true, cancellationToken);
        _progress.Status(stream, status);
    }

    /// <summary>Stops the writer; records it had not committed are rolled back by the destination, as a crash would.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stop.CancelAsync();
        try { await _writer; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private async ValueTask SendThenAddAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        await SendBatchAsync(cancellationToken);
        _batchStream = stream;
        _batch[_count++] = record;
    }

    private async ValueTask SendThenBatchAsync(string stream, RecordBatch batch, CancellationToken cancellationToken)
    {
        await SendBatchAsync(cancellationToken);
        await SendAsync(stream, batch, cancellationToken);
    }

    private ValueTask SendAsync(string stream, RecordBatch batch, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(new Work(stream, [], 0, batch, null, false, null), cancellationToken);

    private ValueTask SendBatchAsync(CancellationToken cancellationToken)
    {
        if (_count == 0) return ValueTask.CompletedTask;
        var work = new Work(_batchStream!, _batch, _count, null, null, false, null);
        _batch = new Dictionary<string, object?>[BatchSize];
        _count = 0;
        return _channel.Writer.WriteAsync(work, cancellationToken);
    }

    private async ValueTask SendAndWaitAsync(string stream, Dictionary<string, object?>? state, bool complete, CancellationToken cancellationToken)
    {
        ThrowIfFailed(stream);
        await SendBatchAsync(cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new Work(stream, [], 0, null, state, complete, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAllAsync()
    {
        var token = _stop.Token;
        try
        {
            await foreach (var work in _channel.Reader.ReadAllAsync(token))
            {
                if (_failure is { } failed && failed.Stream == work.Stream)
                {
                    work.Done?.TrySetException(failed.Error.SourceException);
                    continue;
                }
                try
                {
                    for (var i = 0; i < work.Count; i++) await _destination.WriteAsync(work.Stream, work.Records[i], token);
                    if (work.Batch is { } batch) await WriteAsync(work.Stream, batch, token);
                    if (work.State is { } state) await _destination.CheckpointAsync(work.Stream, state, token);
                    if (work.Complete) await _destination.CompleteStreamAsync(work.Stream, token);
                    work.Done?.TrySetResult();
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    _failure = new StreamFailure(work.Stream, ExceptionDispatchInfo.Capture(e));
                    work.Done?.TrySetException(e);
                }
            }
        }
        finally
        {
            // Whatever is still queued will never be written: its waiters learn so instead of hanging.
            while (_channel.Reader.TryRead(out var left)) left.Done?.TrySetCanceled();
        }
    }

    private async ValueTask WriteAsync(string stream, RecordBatch batch, CancellationToken cancellationToken)
    {
        if (batch is ITextRows rows)
        {
            await _destination.WriteAsync(stream, rows, cancellationToken);
            return;
        }
        for (var i = 0; i < batch.Count; i++) await _destination.WriteAsync(stream, batch.Materialize(i), cancellationToken);
    }

    private void ThrowIfFailed(string stream)
    {
        if (_failure is { } failure && failure.Stream == stream) failure.Error.Throw();
    }

    /// <summary>Records of one stream (gathered one by one, or a batch of the read path), or a state to commit after them, or the stream's completion.</summary>
    private sealed record Work(string Stream, Dictionary<string, object?>[] Records, int Count, RecordBatch? Batch, Dictionary<string, object?>? State,
        bool Complete, TaskCompletionSource? Done);

    private sealed record StreamFailure(string Stream, ExceptionDispatchInfo Error);
}
