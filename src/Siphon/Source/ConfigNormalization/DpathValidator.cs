using Siphon.Components;
using Siphon.Manifest;
using Siphon.Records;

namespace Siphon.Source.ConfigNormalization;

/// <summary>
/// <c>DpathValidator</c>: the config value at a path must pass the strategy; a missing path refuses the config. With
/// <c>*</c> every value reached is checked (the reference's dpath lookup fails on a glob that reaches more than one).
/// </summary>
public sealed class DpathValidator(RecordPath fieldPath, IReadOnlyList<string> writtenPath, IValidationStrategy strategy) : IConfigValidator
{
    public static readonly ComponentSpec Spec = new("DpathValidator", ComponentKind.ConfigValidator,
        "Validator that extracts the value located at a given field path.",
        [
            new FieldSpec("field_path", FieldType.StringList, "List of potentially nested fields describing the full path of the field to validate. Use \"*\" to validate all values from an array.") { Required = true },
            Field.Component("validation_strategy", ComponentKind.ValidationStrategy, "The condition that the specified config value will be evaluated against", required: true),
        ])
    {
        Factory = (node, context) =>
        {
            var path = (node.Value("field_path") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text).ToList() ?? [];
            return new DpathValidator(new RecordPath(path, node.FieldPath("field_path")), path, context.Build<IValidationStrategy>(node.Child("validation_strategy")!));
        },
        Example = "type: DpathValidator\nfield_path: [credentials, auth_type]\nvalidation_strategy:\n  type: ValidateAdheresToSchema\n  base_schema: { type: string, enum: [oauth, api_key] }\n",
    };

    public string? Problem(Dictionary<string, object?> config, TimeProvider time)
    {
        var scope = ConfigNormalizationRules.Scope(config, time);
        var values = RecordPath.Select(config, fieldPath.Resolve(scope)).ToList();
        if (values.Count == 0) return $"path [{string.Join(", ", writtenPath)}] not found in the config";
        foreach (var value in values)
            if (strategy.Problem(value, scope) is { } problem)
                return $"at [{string.Join(", ", writtenPath)}]: {problem}";
        return null;
    }
}
