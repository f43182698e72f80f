using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Source.ConfigNormalization;

/// <summary><c>ConfigRemoveFields</c>: deletes the fields at the given paths (a missing one is no error), only when the condition holds.</summary>
public sealed class ConfigRemoveFields(IReadOnlyList<string[]> pointers, Template? condition) : IConfigTransformation
{
    public static readonly ComponentSpec Spec = new("ConfigRemoveFields", ComponentKind.ConfigTransformation,
        "Transformation that removes a field from the config.",
        [
            Field.Any("field_pointers", "A list of field pointers to be removed from the config.", required: true),
            Field.Template("condition", "Fields will be removed if expression is evaluated to True.", required: false),
        ])
    {
        Factory = (node, _) => new ConfigRemoveFields(
            Records.Transformations.RemoveFields.Pointers(node.Value("field_pointers")),
            node.Text("condition") is { Length: > 0 } c ? Template.Compile(c, node.FieldPath("condition")) : null),
        Example = "type: ConfigRemoveFields\nfield_pointers:\n  - [legacy_api_key]\ncondition: \"{{ config.get('credentials') }}\"\n",
    };

    public void Transform(Dictionary<string, object?> config, TimeProvider time)
    {
        if (condition is not null && !condition.EvaluateCondition(ConfigNormalizationRules.Scope(config, time))) return;
        foreach (var pointer in pointers)
        {
            // dpath deletes with globs: every parent the pointer's head reaches loses the key (or every key, for '*').
            foreach (var parent in Records.RecordPath.Select(config, pointer[..^1]).OfType<Dictionary<string, object?>>().ToList())
            {
                if (pointer[^1] == "*") parent.Clear();
                else parent.Remove(pointer[^1]);
            }
        }
    }
}
