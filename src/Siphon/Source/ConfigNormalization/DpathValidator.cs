using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>DpathValidator</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class DpathValidator
{
    public static readonly ComponentSpec Spec = new("DpathValidator", ComponentKind.Validator,
        "Validator that extracts the value located at a given field path.",
        [
            Field.Any("field_path", "List of potentially nested fields describing the full path of the field to validate.", required: true),
            Field.Any("validation_strategy", "The condition that the specified config value will be evaluated against.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: DpathValidator\nfield_path: []\nvalidation_strategy: x\n",
    };
}
