using Siphon.Components;
using Siphon.Manifest;
using Siphon.Records.Schema;

namespace Siphon.Source;

/// <summary>A stream: a name, a primary key, a schema and a retriever that fetches its records.</summary>
internal static class DeclarativeStream
{
    public static readonly ComponentSpec Spec = new("DeclarativeStream", ComponentKind.Stream,
        "A stream of records: how they are retrieved, their schema, key, incremental cursor and transformations.",
        [
            Field.String("name", "The stream's name, as users and destinations see it."),
            new FieldSpec("primary_key", FieldType.PrimaryKey, "The field (or fields, or field paths) that identify a record."),
            Field.Component("retriever", ComponentKind.Retriever, "How records are fetched: a synchronous request or an asynchronous job.", implied: "SimpleRetriever", required: true),
            Field.Component("incremental_sync", ComponentKind.Cursor, "How the stream reads only what changed since the last sync."),
            new FieldSpec("schema_loader", FieldType.ComponentOrList, "The JSON Schema of the records.") { Kind = ComponentKind.SchemaLoader, ImpliedType = "JsonFileSchemaLoader" },
            Field.Components("transformations", ComponentKind.Transformation, "Changes applied to every record, in order."),
            Field.Components("state_migrations", ComponentKind.StateMigration, "Migrations applied to a previous state before reading."),
            Field.NotRun("file_uploader", "Downloads the files records refer to and adds their references to the records.", "file uploads are not made yet"),
        ])
    {
        Factory = Build,
        Example = """
            type: DeclarativeStream
            name: items
            primary_key: id
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "https://api.example.com/items" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
            """,
    };

    /// <summary>What kind a stream is, read from its retriever's type even when that retriever cannot be built.</summary>
    public static StreamKind KindOf(ManifestMap stream) => (stream["retriever"] as ManifestMap)?.GetText("type") switch
    {
        "AsyncRetriever" => StreamKind.Asynchronous,
        "SimpleRetriever" or null => StreamKind.Synchronous,
        _ => StreamKind.Unknown,
    };

    private static object Build(ComponentNode node, BuildContext context)
    {
        var name = node.Text("name") ?? "";
        var reasons = context.UnsupportedWithin(node.Path).Select(p => $"{p.Path}: {p.Message}").Distinct().ToList();
        var retrieverNode = node.Child("retriever");
        object? retriever = null;
        try
        {
            if (reasons.Count == 0 && retrieverNode is not null) retriever = context.Build<object>(retrieverNode);
        }
        catch (ComponentBuildException e) when (e.Kind == ManifestErrorKind.UnsupportedType)
        {
            context.Report(e.ToError());
            reasons.Add(e.Message);
        }

        var runnable = reasons.Count == 0;
        object? schema = null;
        Records.Schema.DynamicSchemaLoader? dynamicSchema = null;
        // A schema read from the API needs a retriever, which is built only for a stream that can run.
        foreach (var loader in node.Children("schema_loader").Where(l => l.Spec.Factory is not null && (runnable || l.Spec.Type != Records.Schema.DynamicSchemaLoader.Spec.Type)))
        {
            var loaded = context.Build<SchemaLoaderResult>(loader);
            if (loaded.Schema is { } s) schema = s;
            if (loaded.Dynamic is { } d) dynamicSchema = d;
        }

        var cursor = runnable ? context.BuildOptional<Partitions.StreamCursor>(node.Child("incremental_sync")) : null;
        var transformations = runnable ? node.Children("transformations").Select(context.Build<Records.IRecordTransformation>).ToList() : [];
        if (runnable && NormalizesToSchema(node) && new Records.Schema.SchemaNormalization(schema) is { IsEmpty: false } normalization)
            transformations.Add(normalization);
        var migrations = runnable ? node.Children("state_migrations").Select(context.Build<Partitions.IStateMigration>)
            .Select(m => m is Partitions.LegacyToPerPartitionStateMigration legacy ? legacy with { PartitionField = Partitions.LegacyToPerPartitionStateMigration.PartitionFieldOf(node.Map) } : m)
            .ToList() : [];

        return new StreamDefinition(name, KindOf(node.Map), node.Position, PrimaryKeyOf(node.Value("primary_key")),
            schema ?? OpenSchema(), retriever, reasons)
        {
            Cursor = cursor,
            Transformations = transformations,
            StateMigrations = migrations,
            CursorField = (node.Child("incremental_sync")?.Value("cursor_field") as ManifestScalar)?.Text,
            DynamicSchema = dynamicSchema,
        };
    }

    /// <summary>A stream that cannot run, for the <paramref name="reasons"/> given; discover and the summary still list it.</summary>
    public static StreamDefinition Unbuilt(ComponentNode node, StreamKind kind, IReadOnlyList<string> reasons) =>
        new(node.Text("name") ?? "", kind, node.Position, PrimaryKeyOf(node.Value("primary_key")), OpenSchema(), null, reasons);

    /// <summary>Whether the retriever's record selector asks for <c>schema_normalization: Default</c>.</summary>
    private static bool NormalizesToSchema(ComponentNode stream) =>
        stream.Child("retriever")?.Child("record_selector")?.Value("schema_normalization") is ManifestScalar { Value: "Default" };

    /// <summary>The schema used when a stream has none Siphon can read: any object.</summary>
    public static Dictionary<string, object?> OpenSchema() => new(StringComparer.Ordinal)
    {
        ["$schema"] = "http://json-schema.org/draft-07/schema#",
        ["type"] = "object",
        ["additionalProperties"] = true,
        ["properties"] = new Dictionary<string, object?>(StringComparer.Ordinal),
    };

    public static IReadOnlyList<IReadOnlyList<string>> PrimaryKeyOf(ManifestNode? node) => node switch
    {
        ManifestScalar { Value: string s } when s.Length > 0 => [[s]],
        ManifestList list => list.Items.Select(item => item switch
        {
            ManifestList path => (IReadOnlyList<string>)path.Items.OfType<ManifestScalar>().Select(p => p.Text).ToList(),
            ManifestScalar s => [s.Text],
            _ => [],
        }).Where(p => p.Count > 0).ToList(),
        _ => [],
    };
}
