using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Siphon;

/// <summary>
/// Groups a stream of items into arrays, for hand-offs between threads (channels) that would otherwise cost a wake-up
/// per record. A partial batch is handed on as soon as the source has to wait (for the network, a poll...), so
/// batching never holds an item back while nothing else is coming.
/// </summary>
internal static class AsyncBatching
{
    /// <summary>Records per batch: large enough that a channel hand-off is rare, small enough to keep memory flat.</summary>
    public const int DefaultSize = 128;

    public static async IAsyncEnumerable<T[]> Batched<T>(this IAsyncEnumerable<T> source, int size = DefaultSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var items = source.GetAsyncEnumerator(cancellationToken);
        var batch = new List<T>(size);
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                var next = items.MoveNextAsync();
                bool more;
                ExceptionDispatchInfo? failure = null;
                if (next.IsCompleted)
                {
                    try { more = next.GetAwaiter().GetResult(); }
                    catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); more = false; }
                }
                else
                {
                    pending = next.AsTask();
                    if (batch.Count > 0)
                    {
                        yield return batch.ToArray();
                        batch.Clear();
                    }
                    try { more = await pending.ConfigureAwait(false); }
                    catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); more = false; }
                    pending = null;
                }
                if (failure is not null)
                {
                    // The items read before the failure still go out first, as they would one by one.
                    if (batch.Count > 0) yield return batch.ToArray();
                    failure.Throw();
                }
                if (!more) break;
                batch.Add(items.Current);
                if (batch.Count == size)
                {
                    yield return batch.ToArray();
                    batch.Clear();
                }
            }
            if (batch.Count > 0) yield return batch.ToArray();
        }
        finally
        {
            // The consumer may stop while a read is in flight: let it end before disposing the source.
            if (pending is not null)
                try { await pending.ConfigureAwait(false); }
                catch (Exception) { /* the consumer has already stopped; its own error or cancellation wins */ }
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }
}
