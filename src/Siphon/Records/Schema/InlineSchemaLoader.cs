using Siphon.Components;

namespace Siphon.Records.Schema;

/// <summary>A stream schema written in the manifest itself.</summary>
internal static class InlineSchemaLoader
{
    public static readonly ComponentSpec Spec = new("InlineSchemaLoader", ComponentKind.SchemaLoader,
        "The stream's JSON Schema, written inline (often through $ref to #/schemas/...).",
        [Field.Any("schema", "The JSON Schema of the stream's records.")])
    {
        Factory = (node, _) => new SchemaLoaderResult(node.Value("schema")?.ToValue()),
        Example = "type: InlineSchemaLoader\nschema:\n  type: object\n  properties:\n    id: { type: integer }\n",
    };
}

/// <summary>
/// Recognised so that manifests using it validate: the reference reads these schemas from the connector's Python
/// package, which Siphon does not have, so the stream gets an open schema and a warning.
/// </summary>
internal static class JsonFileSchemaLoader
{
    public static readonly ComponentSpec Spec = new("JsonFileSchemaLoader", ComponentKind.SchemaLoader,
        "Reads the schema from a JSON file of the connector's Python package (not available to Siphon).",
        [Field.String("file_path", "Path of the schema file inside the connector package.")])
    {
        Factory = (_, _) => new SchemaLoaderResult(null),
        UnsupportedReason = "schema files live in the connector's Python package, which Siphon does not have; the stream gets an open schema (use InlineSchemaLoader to give one)",
        Example = "type: JsonFileSchemaLoader\nfile_path: ./schemas/items.json\n",
    };
}
