using Siphon.Values;

namespace Siphon.Components;

/// <summary>Writes the registry as a JSON Schema (draft 2020-12) that editors can use to check manifests.</summary>
public static class JsonSchemaGenerator
{
    public static Dictionary<string, object?> Generate(ComponentRegistry registry)
    {
        var definitions = JsonValues.NewObject();
        foreach (var spec in registry.All) definitions[spec.Type] = ComponentSchema(spec, registry);
        var schema = JsonValues.NewObject();
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["title"] = "Siphon declarative manifest";
        schema["$ref"] = "#/$defs/DeclarativeSource";
        schema["$defs"] = definitions;
        return schema;
    }

    private static Dictionary<string, object?> ComponentSchema(ComponentSpec spec, ComponentRegistry registry)
    {
        var properties = JsonValues.NewObject();
        properties["type"] = spec.Aliases.Count == 0
            ? new Dictionary<string, object?> { ["const"] = spec.Type }
            : new Dictionary<string, object?> { ["enum"] = spec.Aliases.Prepend(spec.Type).Cast<object?>().ToList() };
        properties["$parameters"] = new Dictionary<string, object?> { ["type"] = "object" };
        foreach (var field in spec.Fields) properties[field.Name] = FieldSchema(field, registry);
        var schema = JsonValues.NewObject();
        schema["title"] = spec.Type;
        schema["description"] = spec.Description;
        schema["type"] = "object";
        schema["properties"] = properties;
        var required = spec.Fields.Where(f => f.Required).Select(f => (object?)f.Name).ToList();
        if (required.Count > 0) schema["required"] = required;
        if (spec.RequiredOneOf.Count > 0)
            schema["allOf"] = spec.RequiredOneOf.Select(group => (object?)new Dictionary<string, object?>
            {
                ["anyOf"] = group.Select(field => (object?)new Dictionary<string, object?> { ["required"] = new List<object?> { field } }).ToList(),
            }).ToList();
        return schema;
    }

    private static Dictionary<string, object?> FieldSchema(FieldSpec field, ComponentRegistry registry)
    {
        var schema = field.Type switch
        {
            FieldType.String or FieldType.Template => Typed("string"),
            FieldType.Integer => AnyOf(Typed("integer"), Typed("string")),
            FieldType.Number => AnyOf(Typed("number"), Typed("string")),
            FieldType.Boolean => AnyOf(Typed("boolean"), Typed("string")),
            FieldType.Enum => new Dictionary<string, object?> { ["enum"] = field.AllowedValues.Cast<object?>().ToList() },
            FieldType.StringList => new Dictionary<string, object?> { ["type"] = "array", ["items"] = Typed("string") },
            FieldType.TemplateMap => AnyOf(Typed("object"), Typed("string")),
            FieldType.Component when field.AcceptsStringList => AnyOf(new Dictionary<string, object?> { ["type"] = "array", ["items"] = Typed("string") }, ComponentsOf(field.Kind!.Value, registry)),
            FieldType.Component when field.AcceptsTemplate => AnyOf(new Dictionary<string, object?> { ["type"] = "string" }, ComponentsOf(field.Kind!.Value, registry)),
            FieldType.Component => ComponentsOf(field.Kind!.Value, registry),
            FieldType.ComponentList => new Dictionary<string, object?> { ["type"] = "array", ["items"] = ComponentsOf(field.Kind!.Value, registry) },
            FieldType.ComponentOrList => AnyOf(ComponentsOf(field.Kind!.Value, registry),
                new Dictionary<string, object?> { ["type"] = "array", ["items"] = ComponentsOf(field.Kind!.Value, registry) }),
            FieldType.ComponentMap => new Dictionary<string, object?> { ["type"] = "object", ["additionalProperties"] = ComponentsOf(field.Kind!.Value, registry) },
            FieldType.PrimaryKey => AnyOf(Typed("string"), new Dictionary<string, object?> { ["type"] = "array" }),
            _ => JsonValues.NewObject(),
        };
        // What the reference does differently, and what Siphon does not run yet, belong in the description users read.
        schema["description"] = string.Join(" ", new[] { field.Description, field.ReferenceDifference,
            field.NotRunReason is null ? null : $"Not run yet ({field.NotRunReason}): a value makes its stream unsupported." }.OfType<string>());
        if (field.Default is not null) schema["default"] = field.Default;
        if (field.Min is { } min) schema[field.MinExclusive ? "exclusiveMinimum" : "minimum"] = min;
        if (field.Max is { } max) schema["maximum"] = max;
        if (field.Secret) schema["airbyte_secret"] = true;
        return schema;
    }

    private static Dictionary<string, object?> ComponentsOf(ComponentKind kind, ComponentRegistry registry) =>
        AnyOf(registry.OfKind(kind).Select(s => new Dictionary<string, object?> { ["$ref"] = $"#/$defs/{s.Type}" }).ToArray());

    private static Dictionary<string, object?> Typed(string type) => new(StringComparer.Ordinal) { ["type"] = type };

    private static Dictionary<string, object?> AnyOf(params Dictionary<string, object?>[] options) =>
        new(StringComparer.Ordinal) { ["anyOf"] = options.Cast<object?>().ToList() };
}
