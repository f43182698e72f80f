using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Records.Schema;

/// <summary>
/// <c>DynamicSchemaLoader</c>: a stream's schema read from the API. As the reference does, only the first record its
/// retriever reads is used (so one page is requested); its field definitions become nullable properties, filtered by
/// <c>schema_filter</c> (which sees each as a one-key record) and then transformed. The schema is read when the config
/// is known (<c>discover</c>, <c>Runs.DynamicSchemaResolution</c>); until then the stream has an open schema.
/// </summary>
public sealed class DynamicSchemaLoader(object retriever, SchemaTypeIdentifier identifier, RecordFilter? filter, IReadOnlyList<IRecordTransformation> transformations)
{
    public static readonly ComponentSpec Spec = new("DynamicSchemaLoader", ComponentKind.SchemaLoader,
        "Loads a schema by extracting data from retrieved records.",
        [
            Field.Component("retriever", ComponentKind.Retriever, "Component used to coordinate how records are extracted across stream slices and request pages.", implied: "SimpleRetriever", required: true),
            Field.Component("schema_filter", ComponentKind.RecordFilter, "Responsible for filtering fields to be added to json schema (the condition sees each field as record: { name: type }).", implied: "RecordFilter"),
            Field.Components("schema_transformations", ComponentKind.Transformation, "A list of transformations to be applied to the schema's properties."),
            Field.Component("schema_type_identifier", ComponentKind.SchemaTypeIdentifier, "Schema type identifier.", implied: "SchemaTypeIdentifier", required: true),
        ])
    {
        Factory = (node, context) => new SchemaLoaderResult(null)
        {
            Dynamic = new DynamicSchemaLoader(context.Build<object>(node.Child("retriever")!),
                context.Build<SchemaTypeIdentifier>(node.Child("schema_type_identifier")!),
                context.BuildOptional<RecordFilter>(node.Child("schema_filter")),
                node.Children("schema_transformations").Select(context.Build<IRecordTransformation>).ToList()),
        },
        Example = """
            type: DynamicSchemaLoader
            retriever:
              requester: { url: "https://api.example.com/fields" }
              record_selector: { extractor: { field_path: [] } }
            schema_type_identifier:
              schema_pointer: [fields]
              key_pointer: [name]
              type_pointer: [type]
            """,
    };

    /// <summary>The retriever whose first record describes the fields.</summary>
    public object Retriever => retriever;

    /// <summary>The stream's schema from the first record read (null when none was: an object without properties).</summary>
    public Dictionary<string, object?> Schema(Dictionary<string, object?>? firstRecord, TemplateScope scope)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (firstRecord is not null)
            foreach (var definition in identifier.Definitions(firstRecord, scope))
                properties[identifier.Key(definition, scope)] = identifier.Type(definition, scope);

        if (filter is not null)
        {
            var kept = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, type) in properties)
            {
                var field = new Dictionary<string, object?>(StringComparer.Ordinal) { [key] = type };
                if (filter.Keep(field, scope)) foreach (var (k, v) in field) kept[k] = v;
            }
            properties = kept;
        }
        foreach (var transformation in transformations) transformation.Transform(properties, scope);

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["$schema"] = "https://json-schema.org/draft-07/schema#",
            ["type"] = "object",
            ["additionalProperties"] = true,
            ["properties"] = properties,
        };
    }
}
