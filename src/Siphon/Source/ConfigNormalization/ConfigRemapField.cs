using Siphon.Components;
using Siphon.Http;
using Siphon.Manifest;
using Siphon.Records;

namespace Siphon.Source.ConfigNormalization;

/// <summary><c>ConfigRemapField</c>: replaces the value at a path by its entry in a map; a value not in the map, or a missing path, is left alone.</summary>
internal sealed class ConfigRemapField(ValueTemplate map, RecordPath fieldPath) : IConfigTransformation
{
    public static readonly ComponentSpec Spec = new("ConfigRemapField", ComponentKind.ConfigTransformation,
        "Transformation that remaps a field's value to another value based on a static map.",
        [
            Field.Any("map", "A mapping of original values to new values (or a template over config giving one). When a field value matches a key in this map, it will be replaced with the corresponding value.", required: true),
            new FieldSpec("field_path", FieldType.StringList, "The path to the field whose value should be remapped. Specified as a list of path components to navigate through nested objects.") { Required = true },
        ])
    {
        Factory = (node, _) =>
        {
            var path = (node.Value("field_path") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text).ToList() ?? [];
            if (path.Count == 0) throw new ComponentBuildException(node.Position, node.FieldPath("field_path"), "field_path cannot be empty");
            return new ConfigRemapField(ValueTemplate.Compile(node.Value("map")?.ToValue(), node.FieldPath("map")), new RecordPath(path, node.FieldPath("field_path")));
        },
        Example = "type: ConfigRemapField\nfield_path: [status]\nmap: { pending: in_progress, done: completed }\n",
    };

    public void Transform(Dictionary<string, object?> config, TimeProvider time)
    {
        var scope = ConfigNormalizationRules.Scope(config, time);
        var path = fieldPath.Resolve(scope);
        if (map.Evaluate(scope) is not Dictionary<string, object?> values) return;
        var parent = config;
        foreach (var segment in path[..^1])
        {
            if (!parent.TryGetValue(segment, out var next) || next is not Dictionary<string, object?> child) return;
            parent = child;
        }
        // The map's keys are YAML keys, so text: as in the reference's dict lookup, only a text value matches one.
        if (parent.TryGetValue(path[^1], out var current) && current is string text && values.TryGetValue(text, out var replacement))
            parent[path[^1]] = replacement;
    }
}
