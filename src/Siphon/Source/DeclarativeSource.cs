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
            Field.Components("streams", ComponentKind.Stream, "The streams this connector reads (this or dynamic_streams is required).", implied: "DeclarativeStream"),
            Field.Component("check", ComponentKind.Check, "How `check` proves the configuration works. A check Siphon cannot run yet stops only the `check` command, which says why; spec, discover and read are unaffected.", implied: "CheckStream", required: true),
            Field.Component("spec", ComponentKind.Spec, "The configuration users provide (a JSON Schema).", implied: "Spec"),
            Field.Any("definitions", "Reusable parts referenced with $ref; not read otherwise."),
            Field.Any("schemas", "Reusable JSON Schemas referenced with $ref."),
            Field.Any("metadata", "Builder metadata (tested streams, imported schemas); ignored when running."),
            Field.Components("dynamic_streams", ComponentKind.DynamicStream, "Streams generated at run time from an API response, the config or parameters.", implied: "DynamicDeclarativeStream"),
            Field.Any("stream_groups", "Groups of streams that must not be read at the same time; Siphon does not schedule by group yet, which changes no record."),
            Field.Template("max_concurrent_async_job_count", "How many asynchronous jobs may run at once across all streams (templated from config)."),
            Field.Component("concurrency_level", ComponentKind.ConcurrencyLevel, "How many partitions are read at once.", implied: "ConcurrencyLevel"),
            Field.Component("api_budget", ComponentKind.ApiBudget, "Call-rate limits of the API, applied to every request. A policy Siphon cannot enforce yet stops no stream (a warning): pacing never changes records.", implied: "HTTPAPIBudget"),
        ])
    {
        RequiredOneOf = [["streams", "dynamic_streams"]],
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
        var conditional = new List<(int At, ConditionalStreams Group)>();
        var streamList = node.Value("streams") as ManifestList;
        var validStreams = node.Children("streams").ToDictionary(s => s.Path);
        for (var i = 0; i < (streamList?.Items.Count ?? 0); i++)
        {
            var path = $"streams[{i}]";
            if (!validStreams.TryGetValue(path, out var stream)) continue;
            if (stream.Spec.Factory is null) streams.AddRange(NotRunStreams(stream, context));
            else switch (BuildStream(stream, context))
            {
                case ConditionalStreams group: conditional.Add((streams.Count, group)); break;
                case StreamDefinition built: streams.Add(built); break;
            }
        }
        var checkReasons = context.UnsupportedForCheck().Select(p => $"{p.Path}: {p.Message}").ToList();
        var check = checkReasons.Count == 0 ? context.BuildOptional<CheckDefinition>(node.Child("check")) : null;
        if (node.Child("check") is { } checkNode) ReportUnknownCheckStreams(checkNode, [.. streams, .. conditional.SelectMany(c => c.Group.Streams)], context);
        return new ConnectorDefinition(
            node.Text("version") ?? "",
            streams,
            context.BuildOptional<SpecDefinition>(node.Child("spec")),
            check,
            node.Text("max_concurrent_async_job_count"),
            context.BuildOptional<ConcurrencyLevelDefinition>(node.Child("concurrency_level")))
        {
            ApiBudget = context.BuildOptional<Http.Budget.HttpApiBudget>(node.Child("api_budget")),
            CheckUnsupportedReasons = checkReasons,
            ConditionalStreams = conditional,
            // A resolver Siphon cannot run generates nothing; what it cannot run was reported at its position. A template's
            // unsupported parts make only the generated streams unsupported.
            DynamicStreams = node.Children("dynamic_streams").Where(d => !context.UnsupportedWithin(d.FieldPath("components_resolver")).Any())
                .Select(context.Build<DynamicStreams.DynamicDeclarativeStream>).ToList(),
        };
    }

    /// <summary>
    /// The streams an entry of <c>streams</c> that Siphon does not run stands for (a StateDelegatingStream is one, a
    /// ConditionalStreams each of its own), all unsupported with the entry's reasons, so discover and the summary still see them.
    /// </summary>
    private static IEnumerable<StreamDefinition> NotRunStreams(ComponentNode entry, BuildContext context)
    {
        var reasons = context.UnsupportedWithin(entry.Path).Select(p => $"{p.Path}: {p.Message}").Distinct().ToList();
        var inner = entry.Children("streams");
        var named = inner.Count > 0 ? inner : [entry];
        return named.Select(s => DeclarativeStream.Unbuilt(s, StreamKind.Unknown, reasons));
    }

    /// <summary>
    /// A stream whose build fails cannot run, and only it: every build error inside it is reported, each at its
    /// position, and the other streams are built (a parent stream's error stops the child that reads it).
    /// </summary>
    /// <summary>A stream, a group of conditional streams, or (when the build fails) a stream that says why it cannot run.</summary>
    private static object BuildStream(ComponentNode stream, BuildContext context)
    {
        try
        {
            return context.Build<object>(stream);
        }
        catch (ComponentBuildException e)
        {
            var errors = context.ErrorsWithin(stream);
            if (!errors.Contains(e.ToError())) errors = [e.ToError(), .. errors];
            foreach (var error in errors) context.ReportStreamError(error);
            return DeclarativeStream.Unbuilt(stream, DeclarativeStream.KindOf(stream.Map), errors.Select(error => $"{error.Path}: {error.Message}").ToList());
        }
    }

    /// <summary>`check` would fail on every config for a name no stream has: say so when the manifest loads.</summary>
    private static void ReportUnknownCheckStreams(ComponentNode check, IReadOnlyList<StreamDefinition> streams, BuildContext context)
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
