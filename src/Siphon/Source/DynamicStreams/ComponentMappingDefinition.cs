using Siphon.Components;
using Siphon.Manifest;
using Siphon.Records;
using Siphon.Records.Transformations;
using Siphon.Templates;

namespace Siphon.Source.DynamicStreams;

/// <summary>
/// <c>ComponentMappingDefinition</c>: writes one value, a template over <c>components_values</c> and <c>config</c>, at a
/// path of a dynamic stream's template; a path the template lacks is created only with <c>create_or_update</c>.
/// </summary>
public sealed class ComponentMappingDefinition(RecordPath fieldPath, AddedField value, bool createOrUpdate, Template? condition)
{
    public static readonly ComponentSpec Spec = new("ComponentMappingDefinition", ComponentKind.ComponentMapping,
        "(This component is experimental. Use at your own risk.) Specifies a mapping definition to update or add fields in a record or configuration. This allows dynamic mapping of data by interpolating values into the template based on provided contexts.",
        [
            new FieldSpec("field_path", FieldType.StringList, "A list of potentially nested fields indicating the full path where value will be added or updated.") { Required = true, TemplateVariables = ["components_values", "stream_slice", "stream_template_config"] },
            Field.Template("value", "The dynamic or static value to assign to the key. Interpolated values can be used to dynamically determine the value during runtime.", required: true, "components_values", "stream_slice", "stream_template_config"),
            Field.Enum("value_type", "The expected data type of the value. If omitted, the type will be inferred from the value provided.", ["string", "number", "integer", "boolean"]),
            Field.Boolean("create_or_update", "Determines whether to create a new path if it doesn't exist (true) or only update existing paths (false)."),
            Field.Template("condition", "A condition that must be met for the mapping to be applied. This property is only supported for `ConfigComponentsResolver`.", required: false, "components_values", "stream_template_config"),
        ])
    {
        Factory = (node, _) =>
        {
            var path = (node.Value("field_path") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text).ToList() ?? [];
            var value = new AddedField([], Template.Compile(node.Value("value") is ManifestScalar s ? s.Text : "", node.FieldPath("value")), node.Text("value_type"));
            return new ComponentMappingDefinition(new RecordPath(path, node.FieldPath("field_path")), value, node.Boolean("create_or_update"),
                node.Text("condition") is { Length: > 0 } c ? Template.Compile(c, node.FieldPath("condition")) : null);
        },
        Example = "type: ComponentMappingDefinition\nfield_path: [name]\nvalue: \"{{ components_values['name'] }}\"\n",
    };

    /// <summary>Writes the value into <paramref name="template"/> (a copy of the stream template), unless the condition says no.</summary>
    public void Apply(Dictionary<string, object?> template, TemplateScope scope)
    {
        var scoped = scope.With("stream_template_config", template);
        if (condition is not null && !condition.EvaluateCondition(scoped)) return;
        var path = fieldPath.Resolve(scoped);
        if (path.Length == 0) return;
        var evaluated = value.Evaluate(scoped);
        if (createOrUpdate)
        {
            RecordPath.Set(template, path, evaluated);
            return;
        }
        // Like dpath.set: only a path that exists is updated.
        if (RecordPath.Select(template, path[..^1]).FirstOrDefault() is Dictionary<string, object?> parent && parent.ContainsKey(path[^1]))
            parent[path[^1]] = evaluated;
    }
}
