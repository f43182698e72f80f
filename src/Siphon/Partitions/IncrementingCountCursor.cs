using Siphon.Components;

namespace Siphon.Partitions;

/// <summary>The reference's <c>IncrementingCountCursor</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class IncrementingCountCursor
{
    public static readonly ComponentSpec Spec = new("IncrementingCountCursor", ComponentKind.Cursor,
        "Cursor that allows for incremental sync according to a continuously increasing integer.",
        [
            Field.Template("cursor_field", "The location of the value on a record that will be used as a bookmark during sync.", required: true),
            Field.Boolean("allow_catalog_defined_cursor_field", "Whether the cursor allows users to override the default cursor_field when configuring their connection."),
            Field.Any("start_value", "The value that determines the earliest record that should be synced."),
            Field.Component("start_value_option", ComponentKind.RequestOption, "Optionally configures how the start value will be sent in requests to the source API.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: IncrementingCountCursor\ncursor_field: x\n",
    };
}
