using Siphon.Components;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// The reference's <c>PaginationResetLimits</c>: how many records a slice may read before its pagination is reset,
/// for APIs that refuse to page past a fixed number of results (search endpoints capped at 10,000).
/// </summary>
internal sealed record PaginationResetLimits(long? NumberOfRecords)
{
    public static readonly ComponentSpec Spec = new("PaginationResetLimits", ComponentKind.PaginationResetLimits,
        "Describes the limits that trigger pagination reset",
        [
            Field.Integer("number_of_records", "Records read (since the slice began or was last reset) that trigger a reset once the page holding the last of them is read.")
        ])
    {
        Factory = (node, _) => node.Integer("number_of_records") is <= 0
            ? throw new ComponentBuildException(node.Position, node.FieldPath("number_of_records"), "number_of_records must be at least 1")
            : new PaginationResetLimits(node.Integer("number_of_records")),
        Example = "type: PaginationResetLimits\nnumber_of_records: 10000\n",
    };
}
