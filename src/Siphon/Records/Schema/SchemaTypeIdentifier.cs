using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Records.Schema;

/// <summary>
/// <c>SchemaTypeIdentifier</c>: where a <see cref="DynamicSchemaLoader"/> finds the field definitions in the record it
/// reads, and each one's name and type; <c>types_mapping</c> turns the API's type names into the reference's.
/// </summary>
public sealed class SchemaTypeIdentifier(RecordPath schemaPointer, RecordPath keyPointer, RecordPath? typePointer,
    IReadOnlyList<TypesMap> typesMapping, IReadOnlyDictionary<string, object?> parameters)
{
    public static readonly ComponentSpec Spec = new("SchemaTypeIdentifier", ComponentKind.SchemaTypeIdentifier,
        "Identifies schema details for dynamic schema extraction and processing.",
        [
            Field.Any("schema_pointer", "List of nested fields defining the schema field path to extract.") with { Default = Array.Empty<object?>() },
            Field.Any("key_pointer", "List of potentially nested fields describing the full path of the field key to extract.", required: true),
            Field.Any("type_pointer", "List of potentially nested fields describing the full path of the field type to extract (without it every field is a string)."),
            Field.Any("types_mapping", "Types mapping: a list of { current_type, target_type, condition } (condition sees raw_schema and config); the first that matches replaces the API's type."),
        ])
    {
        Factory = (node, _) => new SchemaTypeIdentifier(
            Pointer(node, "schema_pointer") ?? new RecordPath([], node.FieldPath("schema_pointer")),
            Pointer(node, "key_pointer") ?? new RecordPath([], node.FieldPath("key_pointer")),
            Pointer(node, "type_pointer"),
            (node.Value("types_mapping") as ManifestList)?.Items.Select((item, i) => TypesMap.Parse(item, $"{node.FieldPath("types_mapping")}[{i}]")).ToList() ?? [],
            node.ParameterValues()),
        Example = "type: SchemaTypeIdentifier\nschema_pointer: [fields]\nkey_pointer: [name]\ntype_pointer: [type]\ntypes_mapping:\n  - { current_type: text, target_type: string }\n",
    };

    private static RecordPath? Pointer(ComponentNode node, string field) => node.Value(field) is ManifestList list && list.Items.Count > 0
        ? new RecordPath(list.Items.OfType<ManifestScalar>().Select(s => s.Text), node.FieldPath(field))
        : null;

    /// <summary>The field definitions in the first record the loader read.</summary>
    public IEnumerable<object?> Definitions(Dictionary<string, object?> record, TemplateScope scope)
    {
        var found = Extract(record, schemaPointer, scope, null);
        return found is List<object?> list ? list : found is null ? [] : [found];
    }

    public string Key(object? definition, TemplateScope scope) =>
        Extract(definition, keyPointer, scope, null) as string
        ?? throw new InvalidOperationException($"DynamicSchemaLoader: expected the key at key_pointer to be a string, got {JsonValues.ToJson(Extract(definition, keyPointer, scope, null))}");

    /// <summary>The JSON Schema of one field: its type read at type_pointer (string when none), mapped, then made nullable.</summary>
    public Dictionary<string, object?> Type(object? definition, TemplateScope scope)
    {
        var raw = typePointer is null ? "string" : Extract(definition, typePointer, scope, "string");
        var mapped = Map(raw, definition, scope);
        return mapped switch
        {
            string name => AirbyteTypes.Of(name),
            List<object?> { Count: 2 } pair when pair.All(t => t is string) =>
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["oneOf"] = new List<object?> { AirbyteTypes.Of((string)pair[0]!), AirbyteTypes.Of((string)pair[1]!) } },
            ComplexFieldType complex => complex.Schema(),
            _ => throw new InvalidOperationException($"DynamicSchemaLoader: invalid data type, expected a string or a list of two strings, got {JsonValues.ToJson(mapped)}"),
        };
    }

    private object? Map(object? type, object? definition, TemplateScope scope)
    {
        if (typesMapping.Count == 0) return type;
        var conditionScope = scope.With("raw_schema", definition);
        foreach (var map in typesMapping)
            if (map.Matches(type) && map.ConditionHolds(conditionScope)) return map.Target;
        return type;
    }

    // As dpath.get: the single value at the path (a missing one is the default); a path with '*' gives the list of matches.
    private object? Extract(object? body, RecordPath path, TemplateScope scope, object? missing)
    {
        if (path.IsEmpty) return body;
        var segments = path.Resolve(scope.With("parameters", parameters));
        var matches = RecordPath.Select(body, segments).ToList();
        if (segments.Contains("*")) return matches;
        return matches.Count > 0 ? matches[0] : missing;
    }
}
