using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>PredicateValidator</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class PredicateValidator
{
    public static readonly ComponentSpec Spec = new("PredicateValidator", ComponentKind.Validator,
        "Validator that applies a validation strategy to a specified value.",
        [
            Field.Any("value", "The value to be validated.", required: true),
            Field.Any("validation_strategy", "The validation strategy to apply to the value.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: PredicateValidator\nvalue: x\nvalidation_strategy: x\n",
    };
}
