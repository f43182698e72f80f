using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Http.QueryProperties;

/// <summary>
/// <c>GroupByKeyMergeStrategy</c>: the records that chunked requests return for one entity share the values of
/// <c>key</c> (one field or several), so those values group them. A record missing one of them (or whose value is
/// empty, as Python's truthiness says) is not merged but emitted as it is. The reference joins the values with ','
/// and fails on a non-string id; Siphon writes each value as text instead.
/// </summary>
internal sealed class GroupByKeyMergeStrategy(IReadOnlyList<string> keys)
{
    public static readonly ComponentSpec Spec = new("GroupByKeyMergeStrategy", ComponentKind.RecordMergeStrategy,
        "Record merge strategy that combines records according to fields on the record.",
        [
            Field.Any("key", "The name of the field on the record whose value will be used to group properties that were retrieved through multiple API requests (or a list of names).", required: true),
        ])
    {
        Factory = (node, _) => new GroupByKeyMergeStrategy(node.Value("key") switch
        {
            ManifestScalar { Value: not null } s => [s.Text],
            ManifestList list when list.Items.Count > 0 && list.Items.All(i => i is ManifestScalar { Value: not null }) => list.Items.Cast<ManifestScalar>().Select(s => s.Text).ToList(),
            var other => throw new ComponentBuildException(other?.Position ?? node.Position, node.FieldPath("key"), "key must be a field name or a list of field names"),
        }),
        Example = "type: GroupByKeyMergeStrategy\nkey: id\n",
    };

    /// <summary>The reference's default when property chunking names no strategy: group by <c>id</c>.</summary>
    public static GroupByKeyMergeStrategy ById { get; } = new(["id"]);

    public string? GroupKey(Dictionary<string, object?> record)
    {
        var values = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (!record.TryGetValue(keys[i], out var value) || !PyOps.Truthy(value)) return null;
            values[i] = PyText.Str(value);
        }
        return string.Join(',', values);
    }
}
