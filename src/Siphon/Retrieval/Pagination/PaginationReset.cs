using Siphon.Components;

namespace Siphon.Retrieval.Pagination;

/// <summary>The reference's <c>PaginationReset</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class PaginationReset
{
    public static readonly ComponentSpec Spec = new("PaginationReset", ComponentKind.PaginationReset,
        "Describes what triggers pagination reset and how to handle it.",
        [
            Field.Enum("action", "Action.", ["SPLIT_USING_CURSOR", "RESET"]) with { Required = true },
            Field.Component("limits", ComponentKind.PaginationResetLimits, "Limits.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: PaginationReset\naction: x\n",
    };
}
