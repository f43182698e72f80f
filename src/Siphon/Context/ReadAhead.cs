using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Siphon;

/// <summary>
/// Runs a source on its own task, a few items ahead of its consumer, so that producing (reading and decoding a
/// download) and consuming (transforming and writing) overlap on two cores instead of taking turns on one. Items
/// keep their order; the channel between them is bounded, so memory stays flat; the source's failure reaches the
/// consumer after the items produced before it; a consumer that stops cancels the source and waits for it.
/// </summary>
internal static class ReadAhead
{
    public static async IAsyncEnumerable<T> Ahead<T>(this IAsyncEnumerable<T> source, int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token).ConfigureAwait(false))
                    await channel.Writer.WriteAsync(item, stop.Token).ConfigureAwait(false);
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }
}
