using System.Runtime.CompilerServices;

namespace Siphon.Tests.Runs;

public sealed class ReadAheadTests
{
    [Fact]
    public async Task Ahead_HandsOnEveryItemInOrder()
    {
        var items = await ToListAsync(Numbers(1000).Ahead(4));

        Assert.Equal(Enumerable.Range(0, 1000), items);
    }

    [Fact]
    public async Task Ahead_TheSourceRunsOnWhileTheConsumerIsBusy()
    {
        var thirdProduced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await foreach (var item in Signalling(thirdProduced).Ahead(4))
        {
            // The consumer holds item 0 and does not ask for more: only a source running ahead can produce item 3.
            if (item == 0) await thirdProduced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(thirdProduced.Task.IsCompletedSuccessfully);
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

    private static async IAsyncEnumerable<int> Numbers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 100 == 0) await Task.Yield();
            yield return i;
        }
    }

    private static async IAsyncEnumerable<int> Signalling(TaskCompletionSource thirdProduced)
    {
        for (var i = 0; i < 5; i++)
        {
            await Task.Yield();
            if (i == 3) thirdProduced.TrySetResult();
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
