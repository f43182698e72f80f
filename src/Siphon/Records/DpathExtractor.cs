using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Records;

/// <summary>Turns a decoded response body into records.</summary>
public interface IRecordExtractor
{
    IEnumerable<object?> Extract(object? body, TemplateScope scope);
}

/// <summary>
/// Extracts the records found at <c>field_path</c>: a list yields its items, any other non-empty value is one
/// record, and nothing there yields nothing (the reference's rules, <c>*</c> wildcards included).
/// </summary>
public sealed class DpathExtractor(RecordPath path, RecordExpander? expander = null) : IRecordExtractor
{
    public static readonly ComponentSpec Spec = new("DpathExtractor", ComponentKind.Extractor,
        "Extracts records from a field path of the response (empty path: the whole body; '*' matches every key or item).",
        [new FieldSpec("field_path", FieldType.StringList, "Path to the records; segments may be templates over config and parameters.") { Required = true },
         Field.Component("record_expander", ComponentKind.RecordExpander, "Expands each extracted record into the items of one of its lists.")])
    {
        Factory = (node, context) => new DpathExtractor(new RecordPath(
            (node.Value("field_path") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text) ?? [], node.FieldPath("field_path")),
            context.BuildOptional<RecordExpander>(node.Child("record_expander"))),
        Example = "type: DpathExtractor\nfield_path: [data, items]\n",
    };

    public RecordPath Path { get; } = path;

    /// <summary>Whether a decoder may apply <see cref="Path"/> itself: the records it yields are the extractor's.</summary>
    public bool IsPathOnly => expander is null;

    public IEnumerable<object?> Extract(object? body, TemplateScope scope)
    {
        var segments = Path.Resolve(scope);
        var wildcard = segments.Contains("*");
        var matches = RecordPath.Select(body, segments).ToList();
        object? extracted = wildcard ? matches : matches.Count > 0 ? matches[0] : null;
        IEnumerable<object?> records = extracted is List<object?> list ? list : PyOps.Truthy(extracted) ? [extracted] : [];
        return expander is null ? records : records.SelectMany(r => r is Dictionary<string, object?> record ? expander.Expand(record, scope) : [r]);
    }
}
