using System.Runtime.CompilerServices;
using Siphon.Runs;

namespace Siphon.Tests.Runs;

public sealed class AsyncBatchingTests
{
    [Fact]
    public async Task Batched_SynchronousSource_FullBatchesInOrder()
    {
        var batches = await CollectAsync(Items(7).Batched(3));

        Assert.Equal([[0, 1, 2], [3, 4, 5], [6]], batches);
    }

    [Fact]
    public async Task Batched_SourceThatWaits_HandsOnThePartialBatchBeforeWaiting()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batches = WaitingAfterTwo(gate.Task).Batched(100).GetAsyncEnumerator();

        // The first two items arrive while the source is still waiting: batching must not hold them back.
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([0, 1], batches.Current);

        gate.SetResult();
        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([2], batches.Current);
        Assert.False(await batches.MoveNextAsync());
    }

    [Fact]
    public async Task Batched_SourceThatFails_DeliversTheItemsReadBeforeTheError()
    {
        var received = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var batch in FailingAfter(5).Batched(100)) received.AddRange(batch);
        });

        Assert.Equal("broken after 5", error.Message);
        Assert.Equal([0, 1, 2, 3, 4], received);
    }

    private static async Task<List<int[]>> CollectAsync(IAsyncEnumerable<int[]> batches)
    {
        var all = new List<int[]>();
        await foreach (var batch in batches) all.Add(batch);
        return all;
    }

    private static async IAsyncEnumerable<int> Items(int count)
    {
        for (var i = 0; i < count; i++) yield return i;
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<int> WaitingAfterTwo(Task gate, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return 0;
        yield return 1;
        await gate.WaitAsync(cancellationToken);
        yield return 2;
    }

    private static async IAsyncEnumerable<int> FailingAfter(int count)
    {
        for (var i = 0; i < count; i++) yield return i;
        await Task.CompletedTask;
        throw new InvalidOperationException($"broken after {count}");
    }
}
