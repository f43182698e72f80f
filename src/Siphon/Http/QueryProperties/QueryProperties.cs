using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Http.QueryProperties;

/// <summary>
/// <c>QueryProperties</c>: the properties a request asks for, written in the manifest or read from an endpoint, sent
/// whole or in chunks (<c>property_chunking</c>). The retriever sends each page once per chunk, the chunk in
/// <c>stream_partition.extra_fields.query_properties</c> (and, when the component stands for a request parameter, in
/// that parameter, joined with ','), and merges the chunks' records by key.
/// </summary>
internal sealed class QueryProperties(IReadOnlyList<string>? list, PropertiesFromEndpoint? endpoint, IReadOnlyList<string> alwaysIncluded,
    PropertyChunking? chunking, JsonSchemaPropertySelector? selector)
{
    public static readonly ComponentSpec Spec = new("QueryProperties", ComponentKind.QueryProperties,
        "For APIs that require explicit specification of the properties to query for, this component specifies which property fields and how they are supplied to outbound requests.",
        [
            Field.Component("property_list", ComponentKind.PropertiesFromEndpoint, "The set of properties that will be queried for in the outbound request: a list, or a PropertiesFromEndpoint.", required: true) with { AcceptsStringList = true },
            new FieldSpec("always_include_properties", FieldType.StringList, "The list of properties that should be included in every set of properties when multiple chunks of properties are being requested."),
            Field.Component("property_chunking", ComponentKind.PropertyChunking, "Defines how query properties will be grouped into smaller sets for APIs with limitations on the number of properties fetched per API request.", implied: "PropertyChunking"),
            Field.Component("property_selector", ComponentKind.PropertySelector, "Defines where to look for and which query properties that should be sent in outbound API requests.", implied: "JsonSchemaPropertySelector"),
        ])
    {
        Factory = (node, context) => new QueryProperties(
            Strings(node.Value("property_list")),
            context.BuildOptional<PropertiesFromEndpoint>(node.Child("property_list")),
            Strings(node.Value("always_include_properties")) ?? [],
            context.BuildOptional<PropertyChunking>(node.Child("property_chunking")),
            context.BuildOptional<JsonSchemaPropertySelector>(node.Child("property_selector"))),
        Example = """
            type: QueryProperties
            property_list: [name, email, created_at]
            always_include_properties: [id]
            property_chunking: { type: PropertyChunking, property_limit_type: property_count, property_limit: 2 }
            """,
    };

    private static List<string>? Strings(ManifestNode? node) => node is ManifestList list ? list.Items.OfType<ManifestScalar>().Select(s => s.Text).ToList() : null;

    /// <summary>How the records of a page's chunks are grouped; null when the page is requested once.</summary>
    public GroupByKeyMergeStrategy? Merge => chunking?.Merge;

    /// <summary>
    /// The chunks for a read: properties are read from the endpoint (once per read: the caller keeps the result), kept
    /// to those the configured catalog selected when there is a selector, then chunked.
    /// </summary>
    public async Task<IReadOnlyList<List<string>>> ChunksAsync(StreamContext context, CancellationToken cancellationToken)
    {
        IEnumerable<string> properties = endpoint is null ? list ?? [] : await endpoint.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        if (selector?.Select(context) is { } selected) properties = properties.Where(selected.Contains);
        if (chunking is null) return [[.. properties]];
        return [.. chunking.Chunks(properties, alwaysIncluded)];
    }
}
