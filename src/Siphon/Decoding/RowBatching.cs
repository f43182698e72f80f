using System.Runtime.ExceptionServices;
using Siphon.Records;

namespace Siphon.Decoding;

/// <summary>
/// The loop of a decoder that reads a body row by row into batches: a batch goes when it is full, or as soon as the
/// body has to wait (so batching never holds a row back while nothing else is coming); on a failure the rows read
/// before it go first; a consumer that stops while a read is in flight lets that read end before the reader goes.
/// </summary>
internal static class RowBatching
{
    /// <param name="read">Reads the next row; false at the end of the body.</param>
    /// <param name="take">Adds the row just read to the builder (or takes it as a header, or skips it).</param>
    /// <param name="rows">The builder, once there is one.</param>
    /// <param name="explain">What a failure of reading or taking a row says (the decoder's own error).</param>
    public static async IAsyncEnumerable<RecordBatch> BatchesAsync(Func<ValueTask<bool>> read, Action take, Func<IBatchBuilder?> rows,
        Func<Exception, Exception> explain)
    {
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                ExceptionDispatchInfo? failure = null;
                var more = false;
                var next = read();
                if (!next.IsCompleted && rows() is { Rows: > 0 } waiting)
                {
                    // The body has to wait: what was read goes on now rather than after the wait.
                    pending = next.AsTask();
                    yield return waiting.Build();
                    next = new ValueTask<bool>(pending);
                }
                try
                {
                    more = await next.ConfigureAwait(false);
                    pending = null;
                    if (more) take();
                }
                catch (Exception e)
                {
                    pending = null;
                    failure = ExceptionDispatchInfo.Capture(explain(e));
                }
                if (failure is not null)
                {
                    // The rows read before the failure still go out first, as they would one by one.
                    if (rows() is { Rows: > 0 } before) yield return before.Build();
                    failure.Throw();
                }
                if (!more) break;
                if (rows() is { IsFull: true } full) yield return full.Build();
            }
            if (rows() is { Rows: > 0 } last) yield return last.Build();
        }
        finally
        {
            // The consumer may stop while a read is in flight: let it end before the reader goes.
            if (pending is not null)
                try { await pending.ConfigureAwait(false); }
                catch (Exception) { /* the consumer has already stopped */ }
        }
    }
}
