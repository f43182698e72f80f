using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Records.Transformations;

/// <summary>
/// Flattens nested objects (and, unless told otherwise, lists) into top-level keys joined with dots:
/// <c>{"a": {"b": 1}, "c": [5]}</c> becomes <c>{"a.b": 1, "c.0": 5}</c>.
/// </summary>
public sealed class FlattenFields(bool flattenLists) : IRecordTransformation
{
    public static readonly ComponentSpec Spec = new("FlattenFields", ComponentKind.Transformation,
        "Flattens nested objects (and lists) into top-level keys joined with dots.",
        [Field.Boolean("flatten_lists", "Also flatten lists, with item indexes as keys.", @default: true)])
    {
        Factory = (node, _) => new FlattenFields(node.Value("flatten_lists") is Manifest.ManifestScalar { Value: bool b } ? b : true),
        Example = "type: FlattenFields\nflatten_lists: false\n",
    };

    public void Transform(Dictionary<string, object?> record, TemplateScope scope)
    {
        if (!record.Values.Any(v => v is Dictionary<string, object?> || (flattenLists && v is List<object?>))) return;
        var entries = record.ToArray();
        record.Clear();
        foreach (var (key, value) in entries) Add(record, key, value);
    }

    private void Add(Dictionary<string, object?> target, string key, object? value)
    {
        switch (value)
        {
            case Dictionary<string, object?> map when map.Count > 0:
                foreach (var (child, inner) in map) Add(target, $"{key}.{child}", inner);
                break;
            case List<object?> list when flattenLists && list.Count > 0:
                for (var i = 0; i < list.Count; i++) Add(target, $"{key}.{i}", list[i]);
                break;
            default:
                target[key] = value;
                break;
        }
    }
}

/// <summary>Lifts the fields of the object at <c>field_path</c> to the top level of the record.</summary>
public sealed class DpathFlattenFields(RecordPath path, bool deleteOrigin, bool replaceRecord, FlattenedKeyTransformation? keys) : IRecordTransformation
{
    public static readonly ComponentSpec Spec = new("DpathFlattenFields", ComponentKind.Transformation,
        "Lifts the fields of the object at a path to the top level of each record.",
        [
            new FieldSpec("field_path", FieldType.StringList, "Path of the object whose fields are lifted.") { Required = true },
            Field.Boolean("delete_origin_value", "Remove the object once its fields are lifted."),
            Field.Boolean("replace_record", "Replace the whole record with the object's fields."),
            Field.Component("key_transformation", ComponentKind.KeyTransformation, "Transformation for object keys. If not provided, original key will be used.", implied: "KeyTransformation"),
        ])
    {
        Factory = (node, context) => new DpathFlattenFields(
            new RecordPath((node.Value("field_path") as Manifest.ManifestList)?.Items.OfType<Manifest.ManifestScalar>().Select(s => s.Text) ?? [], node.FieldPath("field_path")),
            node.Boolean("delete_origin_value"), node.Boolean("replace_record"), context.BuildOptional<FlattenedKeyTransformation>(node.Child("key_transformation"))),
        Example = "type: DpathFlattenFields\nfield_path: [attributes]\ndelete_origin_value: true\n",
    };

    public void Transform(Dictionary<string, object?> record, TemplateScope scope)
    {
        var segments = path.Resolve(scope);
        if (segments.Length == 0 || RecordPath.Select(record, segments).FirstOrDefault() is not Dictionary<string, object?> inner) return;
        var lifted = inner.ToArray();
        if (replaceRecord) record.Clear();
        else if (deleteOrigin)
        {
            var parent = segments.Length == 1 ? record : RecordPath.Select(record, segments[..^1]).FirstOrDefault() as Dictionary<string, object?>;
            parent?.Remove(segments[^1]);
        }
        foreach (var (key, value) in lifted) record.TryAdd(keys is null ? key : keys.Apply(key), value);
    }
}
