using Siphon.Components;
using Siphon.Http;

namespace Siphon.Source.ConfigNormalization;

/// <summary><c>PredicateValidator</c>: a value (a constant, or a template over config) must pass the strategy.</summary>
internal sealed class PredicateValidator(ValueTemplate value, IValidationStrategy strategy) : IConfigValidator
{
    public static readonly ComponentSpec Spec = new("PredicateValidator", ComponentKind.ConfigValidator,
        "Validator that applies a validation strategy to a specified value.",
        [
            Field.Any("value", "The value to be validated. Can be a literal value or interpolated from configuration.", required: true),
            Field.Component("validation_strategy", ComponentKind.ValidationStrategy, "The validation strategy to apply to the value.", required: true),
        ])
    {
        Factory = (node, context) => new PredicateValidator(
            ValueTemplate.Compile(node.Value("value")?.ToValue(), node.FieldPath("value")),
            context.Build<IValidationStrategy>(node.Child("validation_strategy")!)),
        Example = "type: PredicateValidator\nvalue: \"{{ config['api_version'] }}\"\nvalidation_strategy:\n  type: ValidateAdheresToSchema\n  base_schema: { type: string, pattern: \"^v[0-9]+$\" }\n",
    };

    public string? Problem(Dictionary<string, object?> config, TimeProvider time)
    {
        var scope = ConfigNormalizationRules.Scope(config, time);
        return strategy.Problem(value.Evaluate(scope), scope);
    }
}
