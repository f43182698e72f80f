using Siphon.Components;

namespace Siphon.Records;

/// <summary>The reference's <c>RecordExpander</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class RecordExpander
{
    public static readonly ComponentSpec Spec = new("RecordExpander", ComponentKind.RecordExpander,
        "Expands records by extracting items from a nested array field.",
        [
            Field.Any("expand_records_from_field", "Path to a nested array field within each record.", required: true),
            Field.Boolean("remain_original_record", "If true, each expanded record will include the original parent record in an \"original_record\" field.", false),
            Field.Enum("on_no_records", "Behavior when the expansion path is missing, not a list, or an empty list.", ["skip", "emit_parent"], "skip")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: RecordExpander\nexpand_records_from_field: []\n",
    };
}
