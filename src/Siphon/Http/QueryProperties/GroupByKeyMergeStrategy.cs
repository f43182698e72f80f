using Siphon.Components;

namespace Siphon.Http.QueryProperties;

/// <summary>The reference's <c>GroupByKeyMergeStrategy</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class GroupByKeyMergeStrategy
{
    public static readonly ComponentSpec Spec = new("GroupByKeyMergeStrategy", ComponentKind.RecordMergeStrategy,
        "Record merge strategy that combines records according to fields on the record.",
        [
            Field.Any("key", "The name of the field on the record whose value will be used to group properties that were retrieved through multiple API requests.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: GroupByKeyMergeStrategy\nkey: x\n",
    };
}
