using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Http;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// <c>GroupingPartitionRouter</c>: batches the partitions of another router, <c>group_size</c> at a time; a batch's
/// partition maps each key to the list of its values (<c>{"board_ids": [1, 2, 3]}</c>), its extra fields likewise.
/// </summary>
internal sealed class GroupingPartitionRouter(long groupSize, IPartitionRouter underlying, bool deduplicate) : IPartitionRouter, IPartitionRequestOptions
{
    public static readonly ComponentSpec Spec = new("GroupingPartitionRouter", ComponentKind.PartitionRouter,
        "Groups the partitions of another router into batches of group_size.",
        [
            Field.Integer("group_size", "How many partitions form one batch.") with { Required = true },
            Field.Component("underlying_partition_router", ComponentKind.PartitionRouter, "The router whose partitions are grouped.", required: true),
            Field.Boolean("deduplicate", "Drop repeated partitions.", true),
        ])
    {
        Factory = (node, context) => new GroupingPartitionRouter(
            node.Integer("group_size") is > 0 and var size ? size : throw new ComponentBuildException(node.Position, node.Path, "group_size must be at least 1"),
            context.Build<IPartitionRouter>(node.Child("underlying_partition_router")!),
            node.Boolean("deduplicate")),
        Example = "type: GroupingPartitionRouter\ngroup_size: 2\nunderlying_partition_router: { type: ListPartitionRouter, values: [a, b, c], cursor_field: id }\n",
    };

    public async IAsyncEnumerable<StreamSlice> SlicesAsync(StreamContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<StreamSlice>();
        await foreach (var slice in underlying.SlicesAsync(context, cancellationToken).ConfigureAwait(false))
        {
            if (deduplicate && !seen.Add(CursorValues.PartitionKey(slice.Partition))) continue;
            batch.Add(slice);
            if (batch.Count == groupSize)
            {
                yield return Group(batch);
                batch.Clear();
            }
        }
        if (batch.Count > 0) yield return Group(batch);
    }

    private static StreamSlice Group(List<StreamSlice> batch) => new(Lists(batch.Select(s => s.Partition)), JsonValues.NewObject(), Lists(batch.Select(s => s.ExtraFields)));

    private static Dictionary<string, object?> Lists(IEnumerable<IReadOnlyDictionary<string, object?>> maps)
    {
        var grouped = JsonValues.NewObject();
        foreach (var map in maps)
            foreach (var (key, value) in map)
            {
                if (!grouped.TryGetValue(key, out var list)) grouped[key] = list = new List<object?>();
                ((List<object?>)list!).Add(value);
            }
        return grouped;
    }

    /// <summary>The underlying router's request options cannot apply to a batch (as in the reference).</summary>
    public void AddRequestOptions(StreamSlice slice, List<InjectedOption> options) { }
}
