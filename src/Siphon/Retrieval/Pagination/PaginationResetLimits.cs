using Siphon.Components;

namespace Siphon.Retrieval.Pagination;

/// <summary>The reference's <c>PaginationResetLimits</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class PaginationResetLimits
{
    public static readonly ComponentSpec Spec = new("PaginationResetLimits", ComponentKind.PaginationResetLimits,
        "Describes the limits that trigger pagination reset",
        [
            Field.Any("number_of_records", "Number of records.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: PaginationResetLimits\n",
    };
}
