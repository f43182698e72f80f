using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>ValidateAdheresToSchema</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ValidateAdheresToSchema
{
    public static readonly ComponentSpec Spec = new("ValidateAdheresToSchema", ComponentKind.ValidationStrategy,
        "Validates that a user-provided schema adheres to a specified JSON schema.",
        [
            Field.Any("base_schema", "The base JSON schema against which the user-provided schema will be validated.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ValidateAdheresToSchema\nbase_schema: x\n",
    };
}
