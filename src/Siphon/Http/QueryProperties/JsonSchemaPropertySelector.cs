using Siphon.Components;
using Siphon.Records;
using Siphon.Values;

namespace Siphon.Http.QueryProperties;

/// <summary>
/// <c>JsonSchemaPropertySelector</c>: requests only the properties the configured catalog selected for the stream (the
/// keys of its <c>json_schema.properties</c>, after <c>transformations</c>). Without a configured catalog (a read of
/// every stream, check, discover) every property is requested, as in the reference.
/// </summary>
internal sealed class JsonSchemaPropertySelector(IReadOnlyList<IRecordTransformation> transformations)
{
    public static readonly ComponentSpec Spec = new("JsonSchemaPropertySelector", ComponentKind.PropertySelector,
        "When configured, the JSON schema supplied in the catalog containing which columns are selected for the current stream will be used to reduce which query properties will be included in the outbound API request.",
        [
            Field.Components("transformations", ComponentKind.Transformation, "A list of transformations to be applied on the customer configured schema that will be used to filter out unselected fields when specifying query properties for API requests."),
        ])
    {
        Factory = (node, context) => new JsonSchemaPropertySelector(node.Children("transformations").Select(context.Build<IRecordTransformation>).ToList()),
        Example = "type: JsonSchemaPropertySelector\ntransformations:\n  - { type: RemoveFields, field_pointers: [[id]] }\n",
    };

    public HashSet<string>? Select(StreamContext context)
    {
        if (context.ConfiguredSchema is null) return null;
        var properties = JsonValues.NewObject();
        if (context.ConfiguredSchema.GetValueOrDefault("properties") is IReadOnlyDictionary<string, object?> selected)
            foreach (var (key, value) in selected) properties[key] = value;
        foreach (var transformation in transformations) transformation.Transform(properties, context.Scope);
        return [.. properties.Keys];
    }
}
