using System.Runtime.CompilerServices;

namespace Siphon.Tests.Runs;

public sealed class ReadAheadTests
{
    [Fact]
    public async Task Ahead_HandsOnEveryItemInOrder_ProducedOnAnotherTask()
    {
        var consumer = Environment.CurrentManagedThreadId;
        var threads = new List<int>();

        var items = await ToListAsync(Numbers(1000, threads).Ahead(4));

        Assert.Equal(Enumerable.Range(0, 1000), items);
        Assert.Contains(threads, t => t != consumer);
    }

    [Fact]
    public async Task Ahead_ASourceThatFails_FailsAfterTheItemsProducedBeforeIt()
    {
        var items = new List<int>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in FailsAfter(3).Ahead(8)) items.Add(item);
        });

        Assert.Equal("broken after 3", error.Message);
        Assert.Equal([0, 1, 2], items);
    }

    [Fact]
    public async Task Ahead_AConsumerThatStops_CancelsTheSourceAndWaitsForIt()
    {
        var ended = new TaskCompletionSource();

        await foreach (var item in Endless(ended).Ahead(2))
            if (item == 5) break;

        Assert.True(ended.Task.IsCompleted, "the source was still running after the consumer stopped");
    }

    private static async IAsyncEnumerable<int> Numbers(int count, List<int> threads, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 100 == 0)
            {
                lock (threads) threads.Add(Environment.CurrentManagedThreadId);
                await Task.Yield();
            }
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> FailsAfter(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
        throw new InvalidOperationException($"broken after {count}");
    }

    private static async IAsyncEnumerable<int> Endless(TaskCompletionSource ended, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 0; ; i++)
            {
                await Task.Delay(1, cancellationToken);
                yield return i;
            }
        }
        finally
        {
            ended.SetResult();
        }
    }

    private static async Task<List<int>> ToListAsync(IAsyncEnumerable<int> items)
    {
        var list = new List<int>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
