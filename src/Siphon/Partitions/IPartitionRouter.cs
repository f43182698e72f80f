using System.Runtime.CompilerServices;
using Siphon.Http;
using Siphon.Retrieval;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// Splits a stream into partitions (accounts, parent records, ...). Each partition is a slice whose
/// <see cref="StreamSlice.Partition"/> is set; a cursor later cuts it into windows.
/// </summary>
internal interface IPartitionRouter
{
    IAsyncEnumerable<StreamSlice> PartitionsAsync(RetrievalContext context, CancellationToken cancellationToken);

    /// <summary>The partition values this router injects into the slice's requests.</summary>
    void AddRequestOptions(StreamSlice slice, List<InjectedOption> options);
}

/// <summary>A list of routers in <c>partition_router</c>: every combination of their partitions (a cartesian product).</summary>
internal sealed class CartesianProductRouter(IReadOnlyList<IPartitionRouter> routers) : IPartitionRouter
{
    public static IPartitionRouter? Of(IReadOnlyList<IPartitionRouter> routers) => routers.Count switch
    {
        0 => null,
        1 => routers[0],
        _ => new CartesianProductRouter(routers),
    };

    public async IAsyncEnumerable<StreamSlice> PartitionsAsync(RetrievalContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The first router streams; the others are read once and combined with each of its partitions.
        var others = new List<List<StreamSlice>>();
        foreach (var router in routers.Skip(1))
        {
            var partitions = new List<StreamSlice>();
            await foreach (var slice in router.PartitionsAsync(context, cancellationToken).ConfigureAwait(false)) partitions.Add(slice);
            others.Add(partitions);
        }
        await foreach (var first in routers[0].PartitionsAsync(context, cancellationToken).ConfigureAwait(false))
            foreach (var combination in Combine(first, others, 0))
                yield return combination;
    }

    private static IEnumerable<StreamSlice> Combine(StreamSlice acc, List<List<StreamSlice>> others, int index)
    {
        if (index == others.Count)
        {
            yield return acc;
            yield break;
        }
        foreach (var next in others[index])
            foreach (var combined in Combine(Merge(acc, next), others, index + 1))
                yield return combined;
    }

    private static StreamSlice Merge(StreamSlice a, StreamSlice b)
    {
        var partition = JsonValues.NewObject(a.Partition.Count + b.Partition.Count);
        foreach (var (k, v) in a.Partition) partition[k] = v;
        foreach (var (k, v) in b.Partition) partition[k] = v;
        return (a with { Partition = partition }).WithExtraFields(b.ExtraFields);
    }

    public void AddRequestOptions(StreamSlice slice, List<InjectedOption> options)
    {
        foreach (var router in routers) router.AddRequestOptions(slice, options);
    }
}
