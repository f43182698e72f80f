using Siphon.Components;

namespace Siphon.Http.QueryProperties;

/// <summary>
/// <c>PropertyChunking</c>: splits the properties to request into chunks of at most <c>property_limit</c> properties
/// (<c>property_count</c>) or characters (<c>characters</c>: each property counts its length plus 3, an encoded
/// delimiter); the properties always included start every chunk and do not count. Without a limit there is one chunk.
/// </summary>
internal sealed class PropertyChunking(bool byCharacters, long? limit, GroupByKeyMergeStrategy merge)
{
    public static readonly ComponentSpec Spec = new("PropertyChunking", ComponentKind.PropertyChunking,
        "For APIs with restrictions on the amount of properties that can be requester per request, property chunking can be applied to make multiple requests with a subset of the properties.",
        [
            Field.Enum("property_limit_type", "The type used to determine the maximum number of properties per chunk.", ["characters", "property_count"]) with { Required = true },
            Field.Integer("property_limit", "The maximum amount of properties that can be retrieved per request according to the limit type."),
            Field.Component("record_merge_strategy", ComponentKind.RecordMergeStrategy, "Dictates how to records that require multiple requests to get all properties should be emitted to the destination (grouped by id when absent).", implied: "GroupByKeyMergeStrategy"),
        ])
    {
        Factory = (node, context) => new PropertyChunking(node.Text("property_limit_type") == "characters", node.Integer("property_limit"),
            context.BuildOptional<GroupByKeyMergeStrategy>(node.Child("record_merge_strategy")) ?? GroupByKeyMergeStrategy.ById),
        Example = "type: PropertyChunking\nproperty_limit_type: property_count\nproperty_limit: 2\nrecord_merge_strategy: { type: GroupByKeyMergeStrategy, key: id }\n",
    };

    public GroupByKeyMergeStrategy Merge => merge;

    public IEnumerable<List<string>> Chunks(IEnumerable<string> properties, IReadOnlyList<string> alwaysIncluded)
    {
        if (limit is not > 0)
        {
            yield return [.. properties, .. alwaysIncluded];
            yield break;
        }
        List<string> chunk = [.. alwaysIncluded];
        long size = 0;
        foreach (var property in properties)
        {
            var propertySize = byCharacters ? property.Length + 3 : 1;
            if (size + propertySize > limit)
            {
                yield return chunk;
                chunk = [.. alwaysIncluded];
                size = 0;
            }
            chunk.Add(property);
            size += propertySize;
        }
        yield return chunk;
    }
}
