using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Records.Schema;

/// <summary>One entry of a <see cref="SchemaTypeIdentifier"/>'s <c>types_mapping</c> (the reference's <c>TypesMap</c>).</summary>
public sealed record TypesMap(object? Current, object Target, Template? Condition)
{
    public bool Matches(object? type) => PyOps.Equals(type, Current);

    public bool ConditionHolds(TemplateScope scope) => Condition is null || Condition.EvaluateCondition(scope);

    public static TypesMap Parse(ManifestNode node, string path)
    {
        if (node is not ManifestMap map) throw Invalid(node, path, "a types map is an object with current_type and target_type");
        var current = map["current_type"] switch
        {
            ManifestScalar { Value: string } or ManifestList => map["current_type"]!.ToValue(),
            _ => throw Invalid(node, $"{path}.current_type", "current_type is required: a type name or a list of them"),
        };
        object target = map["target_type"] switch
        {
            ManifestScalar { Value: string } s => s.Text,
            ManifestList list => list.ToValue()!,
            ManifestMap complex => ComplexFieldType.Parse(complex, $"{path}.target_type"),
            _ => throw Invalid(node, $"{path}.target_type", "target_type is required: a type name, a list of two, or a ComplexFieldType"),
        };
        var condition = map.GetText("condition") is { } text ? Template.Compile(text, $"{path}.condition") : null;
        return new TypesMap(current, target, condition);
    }

    internal static ComponentBuildException Invalid(ManifestNode node, string path, string message) => new(node.Position, path, message);
}

/// <summary>The reference's <c>ComplexFieldType</c>: a type with the type of its items (only an array has items).</summary>
public sealed record ComplexFieldType(string FieldType, object? Items)
{
    public Dictionary<string, object?> Schema()
    {
        var schema = AirbyteTypes.Of(FieldType);
        if (Items is not null) schema["items"] = Items is ComplexFieldType nested ? nested.Schema() : AirbyteTypes.Of((string)Items);
        return schema;
    }

    public static ComplexFieldType Parse(ManifestMap map, string path)
    {
        var fieldType = map.GetText("field_type") ?? throw TypesMap.Invalid(map, $"{path}.field_type", "field_type is required");
        object? items = map["items"] switch
        {
            null or ManifestScalar { Value: null } => null,
            ManifestScalar s => s.Text,
            ManifestMap nested => Parse(nested, $"{path}.items"),
            var other => throw TypesMap.Invalid(other, $"{path}.items", "items is a type name or a ComplexFieldType"),
        };
        if (items is not null && fieldType != "array") throw TypesMap.Invalid(map, $"{path}.items", "'items' can only be used when 'field_type' is an array");
        return new ComplexFieldType(fieldType, items);
    }
}

/// <summary>The reference's type names and the nullable JSON Schema each stands for.</summary>
public static class AirbyteTypes
{
    public static Dictionary<string, object?> Of(string name)
    {
        var schema = new Dictionary<string, object?>(StringComparer.Ordinal);
        var (type, format, airbyteType) = name switch
        {
            "string" or "boolean" or "integer" or "number" or "array" or "object" => (name, null, null),
            "date" => ("string", "date", null),
            "timestamp_without_timezone" => ("string", "date-time", "timestamp_without_timezone"),
            "timestamp_with_timezone" => ("string", "date-time", null),
            "time_without_timezone" => ("string", "time", "time_without_timezone"),
            "time_with_timezone" => ("string", "time", (string?)"time_with_timezone"),
            _ => throw new InvalidOperationException($"DynamicSchemaLoader: invalid Airbyte data type '{name}' (map it with types_mapping)"),
        };
        schema["type"] = new List<object?> { "null", type };
        if (format is not null) schema["format"] = format;
        if (airbyteType is not null) schema["airbyte_type"] = airbyteType;
        return schema;
    }
}
