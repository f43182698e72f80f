using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Records.Transformations;

/// <summary>Removes the fields at the given paths (<c>*</c> allowed), optionally only those whose value matches a condition.</summary>
public sealed class RemoveFields(IReadOnlyList<string[]> pointers, Template? condition) : IRecordTransformation
{
    public static readonly ComponentSpec Spec = new("RemoveFields", ComponentKind.Transformation,
        "Removes fields from each record.",
        [
            Field.Any("field_pointers", "Paths of the fields to remove, e.g. [[id], [data, '*', secret]].", required: true),
            Field.Template("condition", "Remove a field only when this is true; sees the field's value as 'property'.", required: false, "property"),
        ])
    {
        Factory = (node, _) => new RemoveFields(
            Pointers(node.Value("field_pointers")),
            node.Text("condition") is { Length: > 0 } c ? Template.Compile(c, node.FieldPath("condition")) : null),
        Example = "type: RemoveFields\nfield_pointers:\n  - [internal_id]\n",
    };

    /// <summary>A <c>field_pointers</c> list: each pointer a list of keys (a lone string is a one-key pointer).</summary>
    internal static List<string[]> Pointers(ManifestNode? pointers) =>
        (pointers as ManifestList)?.Items.Select(p => p switch
        {
            ManifestList path => path.Items.OfType<ManifestScalar>().Select(s => s.Text).ToArray(),
            ManifestScalar single => [single.Text],
            _ => [],
        }).Where(p => p.Length > 0).ToList() ?? [];

    public void Transform(Dictionary<string, object?> record, TemplateScope scope)
    {
        foreach (var pointer in pointers)
        {
            var parents = RecordPath.Select(record, pointer[..^1]).OfType<Dictionary<string, object?>>().ToList();
            foreach (var parent in parents)
            {
                var keys = pointer[^1] == "*" ? parent.Keys.ToList() : [pointer[^1]];
                foreach (var key in keys)
                    if (parent.TryGetValue(key, out var value) && (condition is null || condition.EvaluateCondition(scope.With("property", value))))
                        parent.Remove(key);
            }
        }
    }
}
