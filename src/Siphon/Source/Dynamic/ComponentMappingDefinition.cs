using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>ComponentMappingDefinition</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ComponentMappingDefinition
{
    public static readonly ComponentSpec Spec = new("ComponentMappingDefinition", ComponentKind.ComponentMapping,
        "Specifies a mapping definition to update or add fields in a record or configuration.",
        [
            Field.Any("field_path", "A list of potentially nested fields indicating the full path where value will be added or updated.", required: true),
            Field.Template("value", "The dynamic or static value to assign to the key.", required: true),
            Field.Any("value_type", "The expected data type of the value."),
            Field.Boolean("create_or_update", "Determines whether to create a new path if it doesn't exist (true) or only update existing paths (false).", false),
            Field.Template("condition", "A condition that must be met for the mapping to be applied.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ComponentMappingDefinition\nfield_path: []\nvalue: x\n",
    };
}
