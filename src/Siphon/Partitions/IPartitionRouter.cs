using System.Runtime.CompilerServices;
using Siphon.Http;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>Produces the partitions of a stream (accounts, parent records, listed values); each becomes one or more slices.</summary>
public interface IPartitionRouter
{
    IAsyncEnumerable<StreamSlice> SlicesAsync(StreamContext context, CancellationToken cancellationToken);
}

/// <summary>A router that injects its partition values into the requests of a slice (a router's <c>request_option</c>).</summary>
internal interface IPartitionRequestOptions
{
    void AddRequestOptions(StreamSlice slice, List<InjectedOption> options);
}

/// <summary>A list of routers in <c>partition_router</c>: every combination of their partitions (a cartesian product).</summary>
internal sealed class CartesianProductRouter(IReadOnlyList<IPartitionRouter> routers) : IPartitionRouter, IPartitionRequestOptions
{
    public static IPartitionRouter? Of(IReadOnlyList<IPartitionRouter> routers) => routers.Count switch
    {
        0 => null,
        1 => routers[0],
        _ => new CartesianProductRouter(routers),
    };

    public async IAsyncEnumerable<StreamSlice> SlicesAsync(StreamContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The first router streams; the others are read once and combined with each of its partitions.
        var others = new List<List<StreamSlice>>();
        foreach (var router in routers.Skip(1))
        {
            var partitions = new List<StreamSlice>();
            await foreach (var slice in router.SlicesAsync(context, cancellationToken).ConfigureAwait(false)) partitions.Add(slice);
            others.Add(partitions);
        }
        await foreach (var first in routers[0].SlicesAsync(context, cancellationToken).ConfigureAwait(false))
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
        foreach (var router in routers.OfType<IPartitionRequestOptions>()) router.AddRequestOptions(slice, options);
    }
}
