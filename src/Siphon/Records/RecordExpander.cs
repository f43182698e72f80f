using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Records;

/// <summary>
/// <c>RecordExpander</c>: each extracted record becomes the objects of one of its lists (<c>*</c> matches several), each
/// with the whole record in <c>original_record</c> when asked. Items that are not objects are not records and are
/// dropped, as the selector drops them. With no items (the path missing, not a list, or empty), <c>on_no_records</c>
/// says whether nothing is emitted or the record itself.
/// </summary>
public sealed class RecordExpander(RecordPath path, bool keepOriginal, bool emitParent)
{
    public static readonly ComponentSpec Spec = new("RecordExpander", ComponentKind.RecordExpander,
        "Expands records by extracting items from a nested array field.",
        [
            new FieldSpec("expand_records_from_field", FieldType.StringList, "Path to a nested array field within each record; items from this array are emitted as separate records ('*' matches several arrays).") { Required = true },
            Field.Boolean("remain_original_record", "If true, each expanded record will include the original parent record in an \"original_record\" field.", false),
            Field.Enum("on_no_records", "Behavior when the expansion path is missing, not a list, or an empty list: skip emits nothing, emit_parent emits the record unchanged.", ["skip", "emit_parent"], "skip"),
        ])
    {
        Factory = (node, _) => new RecordExpander(
            new RecordPath((node.Value("expand_records_from_field") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text) ?? [], node.FieldPath("expand_records_from_field")),
            node.Boolean("remain_original_record"), node.Text("on_no_records") == "emit_parent"),
        Example = "type: RecordExpander\nexpand_records_from_field: [lines, data]\nremain_original_record: true\n",
    };

    public IEnumerable<object?> Expand(Dictionary<string, object?> record, TemplateScope scope)
    {
        if (path.IsEmpty)
        {
            yield return record;
            yield break;
        }
        var segments = path.Resolve(scope);
        // Without '*' the path names one list; with it, every list it reaches.
        var lists = segments.Contains("*") ? RecordPath.Select(record, segments) : RecordPath.Select(record, segments).Take(1);
        var expanded = 0;
        foreach (var list in lists.OfType<List<object?>>())
            foreach (var item in list.OfType<Dictionary<string, object?>>())
            {
                var copy = new Dictionary<string, object?>(item, StringComparer.Ordinal);
                if (keepOriginal) copy["original_record"] = record;
                expanded++;
                yield return copy;
            }
        if (expanded == 0 && emitParent) yield return record;
    }
}
