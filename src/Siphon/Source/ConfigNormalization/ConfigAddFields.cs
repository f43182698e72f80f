using Siphon.Components;
using Siphon.Records;
using Siphon.Records.Transformations;
using Siphon.Templates;

namespace Siphon.Source.ConfigNormalization;

/// <summary><c>ConfigAddFields</c>: sets fields of the config (creating the objects on the way), each only when the condition holds.</summary>
public sealed class ConfigAddFields(IReadOnlyList<AddedField> fields, Template? condition) : IConfigTransformation
{
    public static readonly ComponentSpec Spec = new("ConfigAddFields", ComponentKind.ConfigTransformation,
        "Transformation that adds fields to a config. The path of the added field can be nested.",
        [
            Field.Components("fields", ComponentKind.AddedField, "A list of transformations (path and corresponding value) that will be added to the config.", implied: "AddedFieldDefinition", required: true),
            // The schema names the value 'property'; the reference's code passes it as 'value' (and the path as 'path'): both are bound.
            Field.Template("condition", "Fields will be added if expression is evaluated to True; sees the value to add as 'property' (and 'value').", required: false, "property", "value"),
        ])
    {
        Factory = (node, context) => new ConfigAddFields(
            node.Children("fields").Select(context.Build<AddedField>).ToList(),
            node.Text("condition") is { Length: > 0 } c ? Template.Compile(c, node.FieldPath("condition")) : null),
        Example = "type: ConfigAddFields\nfields:\n  - path: [credentials, auth_method]\n    value: api_key\ncondition: \"{{ config.get('api_key', False) }}\"\n",
    };

    public void Transform(Dictionary<string, object?> config, TimeProvider time)
    {
        foreach (var field in fields)
        {
            var scope = ConfigNormalizationRules.Scope(config, time);
            var value = field.Evaluate(scope);
            if (condition is null || condition.EvaluateCondition(scope.With("property", value).With("value", value).With("path", field.Path.ToList<object?>())))
                RecordPath.Set(config, field.Path, value);
        }
    }
}
