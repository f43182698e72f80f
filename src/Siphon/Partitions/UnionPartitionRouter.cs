using Siphon.Components;

namespace Siphon.Partitions;

/// <summary>The reference's <c>UnionPartitionRouter</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class UnionPartitionRouter
{
    public static readonly ComponentSpec Spec = new("UnionPartitionRouter", ComponentKind.PartitionRouter,
        "A partition router that yields the deduplicated union of the partitions produced by its child partition routers.",
        [
            Field.Template("partition_field", "The single partition key that all child partition routers' slices are normalized to.", required: true),
            Field.Any("partition_routers", "The child partition routers whose partitions are unioned.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: UnionPartitionRouter\npartition_field: x\npartition_routers: []\n",
    };
}
