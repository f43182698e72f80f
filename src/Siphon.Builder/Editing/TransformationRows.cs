namespace Siphon.Builder.Editing;

/// <summary>
/// One row of the transformations form: add a field (path and value) or remove one (path). <see cref="Group"/> is the
/// transformation the row came from, so rows written back keep the manifest's own grouping.
/// </summary>
public sealed record TransformationRow(string Kind, string Path, string Value, int Group);

/// <summary>
/// A stream's <c>transformations</c> as rows, when they are only <c>AddFields</c> and <c>RemoveFields</c> of plain paths
/// and values; anything else (another transformation, a typed value...) stays in the YAML box.
/// </summary>
public static class TransformationRows
{
    public const string Add = "Add field", Remove = "Remove field";

    public static IReadOnlyList<string> Kinds { get; } = [Add, Remove];

    private static readonly HashSet<string> AddKeys = ["type", "fields"], RemoveKeys = ["type", "field_pointers"], FieldKeys = ["type", "path", "value"];

    public static bool CanShow(object? value) => value is null || value is List<object?> list && list.All(item => item switch
    {
        Dictionary<string, object?> add when add.GetValueOrDefault("type") as string == "AddFields" =>
            add.Keys.All(AddKeys.Contains) && add.GetValueOrDefault("fields") is List<object?> fields && fields.All(IsPlainField),
        Dictionary<string, object?> remove when remove.GetValueOrDefault("type") as string == "RemoveFields" =>
            remove.Keys.All(RemoveKeys.Contains) && remove.GetValueOrDefault("field_pointers") is List<object?> pointers && pointers.All(IsPath),
        _ => false,
    });

    private static bool IsPlainField(object? field) => field is Dictionary<string, object?> f && f.Keys.All(FieldKeys.Contains)
        && f.GetValueOrDefault("type") is null or "AddedFieldDefinition" && IsPath(f.GetValueOrDefault("path")) && f.GetValueOrDefault("value") is string;

    private static bool IsPath(object? path) => path is List<object?> keys && keys.Count > 0 && keys.All(k => k is string s && !s.Contains(','));

    public static List<TransformationRow> Rows(object? value)
    {
        var rows = new List<TransformationRow>();
        if (value is not List<object?> list) return rows;
        for (var group = 0; group < list.Count; group++)
        {
            if (list[group] is not Dictionary<string, object?> transformation) continue;
            if (transformation.GetValueOrDefault("type") as string == "AddFields" && transformation.GetValueOrDefault("fields") is List<object?> fields)
                rows.AddRange(fields.OfType<Dictionary<string, object?>>().Select(f => new TransformationRow(Add, ValuePath.FieldPathText(f.GetValueOrDefault("path")), f.GetValueOrDefault("value") as string ?? "", group)));
            else if (transformation.GetValueOrDefault("field_pointers") is List<object?> pointers)
                rows.AddRange(pointers.Select(p => new TransformationRow(Remove, ValuePath.FieldPathText(p), "", group)));
        }
        return rows;
    }

    /// <summary>Writes the rows as <c>transformations</c>: consecutive rows of one kind and group are one transformation; no row removes the key.</summary>
    public static void Write(Dictionary<string, object?> stream, IReadOnlyList<TransformationRow> rows)
    {
        var list = new List<object?>();
        TransformationRow? previous = null;
        List<object?>? current = null;
        foreach (var row in rows.Where(r => ValuePath.FieldPath(r.Path).Count > 0))
        {
            if (current is null || previous is null || previous.Kind != row.Kind || previous.Group != row.Group)
            {
                current = [];
                list.Add(row.Kind == Add
                    ? ManifestModel.Obj(("type", "AddFields"), ("fields", current))
                    : ManifestModel.Obj(("type", "RemoveFields"), ("field_pointers", current)));
            }
            current.Add(row.Kind == Add
                ? ManifestModel.Obj(("type", "AddedFieldDefinition"), ("path", ValuePath.FieldPath(row.Path)), ("value", row.Value))
                : ValuePath.FieldPath(row.Path));
            previous = row;
        }
        if (list.Count == 0) stream.Remove("transformations");
        else stream["transformations"] = list;
    }
}
