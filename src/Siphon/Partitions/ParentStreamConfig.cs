using Siphon.Components;
using Siphon.Http;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Partitions;

/// <summary>
/// <c>ParentStreamConfig</c>: a parent stream whose records become partitions: <c>parent_key</c> of each record is stored
/// under <c>partition_field</c>, with <c>extra_fields</c> copied from the record.
/// </summary>
internal sealed record ParentStreamConfig(
    IStreamDefinition Stream,
    Template ParentKey,
    Template PartitionField,
    IRequestInjection? RequestOption,
    bool IncrementalDependency,
    IReadOnlyList<IReadOnlyList<string>> ExtraFields,
    Dictionary<string, object?> Parameters)
{
    public static readonly ComponentSpec Spec = new("ParentStreamConfig", ComponentKind.ParentStreamConfig,
        "A parent stream whose records give the partitions of the child stream.",
        [
            Field.Component("stream", ComponentKind.Stream, "The parent stream (often $ref: \"#/streams/0\").", implied: "DeclarativeStream", required: true),
            Field.Template("parent_key", "The parent record's field that identifies the partition ('a/b' for a nested field).", required: true),
            Field.Template("partition_field", "The name the value has in stream_partition.", required: true),
            Field.Component("request_option", ComponentKind.RequestOption, "Where the value goes in each request.", implied: "RequestOption"),
            Field.Boolean("incremental_dependency", "Read the parent incrementally, its state kept inside the child's state."),
            Field.Any("extra_fields", "Paths of parent fields copied into stream_slice.extra_fields (key: the path joined with '.')."),
            new FieldSpec("lazy_read_pointer", FieldType.StringList, "Where a parent record already holds the child's records; Siphon requests them instead, which gives the same records."),
        ])
    {
        Factory = (node, context) => new ParentStreamConfig(
            context.Build<IStreamDefinition>(node.Child("stream")!),
            Template.Compile(node.Text("parent_key") ?? "", node.FieldPath("parent_key")),
            Template.Compile(node.Text("partition_field") ?? "", node.FieldPath("partition_field")),
            context.BuildOptional<IRequestInjection>(node.Child("request_option")),
            node.Boolean("incremental_dependency"),
            ExtraFieldsOf(node.Value("extra_fields")),
            node.ParameterValues()),
        Example = """
            type: ParentStreamConfig
            stream:
              type: DeclarativeStream
              name: accounts
              retriever:
                type: SimpleRetriever
                requester: { type: HttpRequester, url: "https://api.example.com/accounts" }
                record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
            parent_key: id
            partition_field: account_id
            """,
    };

    private static List<IReadOnlyList<string>> ExtraFieldsOf(ManifestNode? node) => node is ManifestList list
        ? list.Items.Select(item => item switch
        {
            ManifestList path => (IReadOnlyList<string>)path.Items.OfType<ManifestScalar>().Select(s => s.Text).ToList(),
            ManifestScalar s => [s.Text],
            _ => [],
        }).Where(p => p.Count > 0).ToList()
        : [];
}
