using Siphon.Components;

namespace Siphon.Records.Schema;

/// <summary>The reference's <c>DynamicSchemaLoader</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class DynamicSchemaLoader
{
    public static readonly ComponentSpec Spec = new("DynamicSchemaLoader", ComponentKind.SchemaLoader,
        "Loads a schema by extracting data from retrieved records.",
        [
            Field.Any("retriever", "Component used to coordinate how records are extracted across stream slices and request pages.", required: true),
            Field.Any("schema_filter", "Responsible for filtering fields to be added to json schema."),
            Field.Any("schema_transformations", "A list of transformations to be applied to the schema."),
            Field.Component("schema_type_identifier", ComponentKind.SchemaTypeIdentifier, "Schema type identifier.", implied: "SchemaTypeIdentifier", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: DynamicSchemaLoader\nretriever: x\nschema_type_identifier: { type: SchemaTypeIdentifier }\n",
    };
}
