using Siphon.Components;

namespace Siphon.Records.Schema;

/// <summary>The reference's <c>SchemaTypeIdentifier</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class SchemaTypeIdentifier
{
    public static readonly ComponentSpec Spec = new("SchemaTypeIdentifier", ComponentKind.SchemaTypeIdentifier,
        "Identifies schema details for dynamic schema extraction and processing.",
        [
            Field.Any("schema_pointer", "List of nested fields defining the schema field path to extract.") with { Default = Array.Empty<object?>() },
            Field.Any("key_pointer", "List of potentially nested fields describing the full path of the field key to extract.", required: true),
            Field.Any("type_pointer", "List of potentially nested fields describing the full path of the field type to extract."),
            Field.Any("types_mapping", "Types mapping.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: SchemaTypeIdentifier\nkey_pointer: []\n",
    };
}
