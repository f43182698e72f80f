using Siphon.Components;
using Siphon.Manifest;
using Siphon.Records;
using Siphon.Templates;

namespace Siphon.Http.QueryProperties;

/// <summary>
/// <c>PropertiesFromEndpoint</c>: the properties to request, one per record its retriever reads (the value at
/// <c>property_field_path</c>, as text). Read once per read of the stream, before its first request.
/// </summary>
internal sealed class PropertiesFromEndpoint(RecordPath fieldPath, object retriever, IReadOnlyDictionary<string, object?> parameters)
{
    public static readonly ComponentSpec Spec = new("PropertiesFromEndpoint", ComponentKind.PropertiesFromEndpoint,
        "Defines the behavior for fetching the list of properties from an API that will be loaded into the requests to extract records.",
        [
            new FieldSpec("property_field_path", FieldType.StringList, "Describes the path to the field that should be extracted.") { Required = true },
            Field.Component("retriever", ComponentKind.Retriever, "Requester component that describes how to fetch the properties to query from a remote API endpoint.", implied: "SimpleRetriever", required: true),
        ])
    {
        Factory = (node, context) => new PropertiesFromEndpoint(
            new RecordPath((node.Value("property_field_path") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text) ?? [], node.FieldPath("property_field_path")),
            context.Build<object>(node.Child("retriever")!), node.ParameterValues()),
        Example = """
            type: PropertiesFromEndpoint
            property_field_path: [name]
            retriever:
              requester: { url: "https://api.example.com/properties" }
              record_selector: { extractor: { field_path: [results] } }
            """,
    };

    public async Task<List<string>> ReadAsync(StreamContext context, CancellationToken cancellationToken)
    {
        var path = fieldPath.Resolve(context.Scope.With("parameters", parameters));
        var properties = new List<string>();
        await foreach (var item in context.Reader.ReadAsync($"{context.StreamName} (properties)", retriever, cancellationToken).ConfigureAwait(false))
            if (item.Record is { } record)
                // As dpath.get with a default of []: a record without the field gives the text "[]".
                properties.Add(PyText.Str(RecordPath.Select(record, path).Cast<object?>().DefaultIfEmpty(new List<object?>()).First()));
        return properties;
    }
}
