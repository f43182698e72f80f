using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Source;

/// <summary>The root of a manifest: its streams, spec, check and source-wide settings.</summary>
internal static class DeclarativeSource
{
    public static readonly ComponentSpec Spec = new("DeclarativeSource", ComponentKind.Source,
        "A connector: the streams it reads, how users configure it and how a connection is checked.",
        [
            Field.String("version", "Version of the declarative format the manifest was written for.", required: true),
            // The reference requires streams or dynamic_streams (or both).
            Field.Components("streams", ComponentKind.Stream, "The streams this connector reads.", implied: "DeclarativeStream"),
            Field.Component("check", ComponentKind.Check, "How `check` proves the configuration works.", implied: "CheckStream", required: true),
            Field.Component("spec", ComponentKind.Spec, "The configuration users provide (a JSON Schema).", implied: "Spec"),
            Field.Any("definitions", "Reusable parts referenced with $ref; not read otherwise."),
            Field.Any("schemas", "Reusable JSON Schemas referenced with $ref."),
            Field.Any("metadata", "Builder metadata (tested streams, imported schemas); ignored when running."),
            Field.Components("dynamic_streams", ComponentKind.DynamicStream, "Streams generated at run time from an API response, the config or parameters.", implied: "DynamicDeclarativeStream"),
            Field.Template("max_concurrent_async_job_count", "How many asynchronous jobs may run at once across all streams (templated from config)."),
            Field.Component("concurrency_level", ComponentKind.ConcurrencyLevel, "How many partitions are read at once.", implied: "ConcurrencyLevel"),
            Field.Component("api_budget", ComponentKind.ApiBudget, "Call-rate limits of the API, applied to every request.", implied: "HTTPAPIBudget"),
        ])
    {
        Factory = Build,
        Example = """
            version: 6.5.0
            type: DeclarativeSource
            check: { type: CheckStream, stream_names: [items] }
            streams:
              - type: DeclarativeStream
                name: items
                retriever:
                  type: SimpleRetriever
                  requester: { type: HttpRequester, url: "https://api.example.com/items" }
                  record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
            """,
    };

    private static object Build(ComponentNode node, BuildContext context)
    {
        if (!node.Has("streams") && !node.Has("dynamic_streams"))
            throw new ComponentBuildException(node.Position, node.Path, "missing required field 'streams'", ManifestErrorKind.MissingField);
        var streams = new List<StreamDefinition>();
        var streamList = node.Value("streams") as ManifestList;
        var validStreams = node.Children("streams").ToDictionary(s => s.Path);
        for (var i = 0; i < (streamList?.Items.Count ?? 0); i++)
        {
            var path = $"streams[{i}]";
            if (validStreams.TryGetValue(path, out var stream))
                streams.Add(context.Build<StreamDefinition>(stream));
        }
        var check = context.BuildOptional<CheckDefinition>(node.Child("check"));
        if (node.Child("check") is { } checkNode) ReportUnknownCheckStreams(checkNode, streams, context);
        return new ConnectorDefinition(
            node.Text("version") ?? "",
            streams,
            context.BuildOptional<SpecDefinition>(node.Child("spec")),
            check,
            node.Text("max_concurrent_async_job_count"),
            context.BuildOptional<ConcurrencyLevelDefinition>(node.Child("concurrency_level")))
        {
            ApiBudget = context.BuildOptional<Http.Budget.HttpApiBudget>(node.Child("api_budget")),
            // A resolver Siphon cannot run generates nothing; what it cannot run was reported at its position. A template's
            // unsupported parts make only the generated streams unsupported.
            DynamicStreams = node.Children("dynamic_streams").Where(d => !context.UnsupportedWithin(d.FieldPath("components_resolver")).Any())
                .Select(context.Build<DynamicStreams.DynamicDeclarativeStream>).ToList(),
        };
    }

    /// <summary>`check` would fail on every config for a name no stream has: say so when the manifest loads.</summary>
    private static void ReportUnknownCheckStreams(ComponentNode check, List<StreamDefinition> streams, BuildContext context)
    {
        if (check.Value("stream_names") is not ManifestList names) return;
        var known = streams.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < names.Items.Count; i++)
        {
            if (names.Items[i] is not ManifestScalar { Value: not null } name || known.Contains(name.Text)) continue;
            context.Report(new ManifestError(name.Position, $"{check.FieldPath("stream_names")}[{i}]", ManifestErrorKind.InvalidValue,
                $"no stream is named '{name.Text}', so `check` will fail; streams: {string.Join(", ", known.Order(StringComparer.Ordinal).Take(10))}{(known.Count > 10 ? ", ..." : "")}",
                ManifestSeverity.Warning));
        }
    }
}
