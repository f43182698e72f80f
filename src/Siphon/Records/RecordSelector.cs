using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Records;

/// <summary>A change applied to each record in place, in the order the manifest lists them.</summary>
public interface IRecordTransformation
{
    void Transform(Dictionary<string, object?> record, TemplateScope scope);
}

/// <summary>
/// Extracts records from a body, filters them and applies the stream's transformations (before or after the
/// filter, as <c>transform_before_filtering</c> says). Values that are not mappings are not records and are dropped.
/// </summary>
public sealed class RecordSelector(IRecordExtractor extractor, RecordFilter? filter, bool transformBeforeFiltering)
{
    public static readonly ComponentSpec Spec = new("RecordSelector", ComponentKind.RecordSelector,
        "Selects the records of a response: extraction, then an optional filter.",
        [
            Field.Component("extractor", ComponentKind.Extractor, "Where the records are in the response.", implied: "DpathExtractor", required: true),
            Field.Component("record_filter", ComponentKind.RecordFilter, "Which records to keep.", implied: "RecordFilter"),
            Field.Boolean("transform_before_filtering", "Apply the stream's transformations before the filter rather than after."),
            Field.Component("schema_normalization", ComponentKind.SchemaNormalization, "Cast record values to the schema's types (Default) or leave them (None); a custom normalization cannot run.") with
            {
                AcceptsTemplate = true, Default = "None",
                ReferenceDifference = "The reference gives the default on its SchemaNormalization definition rather than here; absent means None in both.",
            },
        ])
    {
        Factory = (node, context) => new RecordSelector(
            context.Build<IRecordExtractor>(node.Child("extractor")!),
            context.BuildOptional<RecordFilter>(node.Child("record_filter")),
            node.Boolean("transform_before_filtering")),
        Example = "type: RecordSelector\nextractor: { type: DpathExtractor, field_path: [data] }\nrecord_filter: { condition: \"{{ record.id }}\" }\n",
    };

    public IRecordExtractor Extractor { get; } = extractor;

    public IEnumerable<Dictionary<string, object?>> Select(object? body, TemplateScope scope, IReadOnlyList<IRecordTransformation> transformations)
    {
        foreach (var value in Extractor.Extract(body, scope))
            if (value is Dictionary<string, object?> record && Process(record, scope, transformations))
                yield return record;
    }

    /// <summary>
    /// Filters and transforms one record already extracted (by a decoder that applied the field path while streaming);
    /// false when the filter drops it.
    /// </summary>
    public bool Process(Dictionary<string, object?> record, TemplateScope scope, IReadOnlyList<IRecordTransformation> transformations)
    {
        if (transformBeforeFiltering) Apply(record, scope, transformations);
        if (filter is not null && !filter.Keep(record, scope)) return false;
        if (!transformBeforeFiltering) Apply(record, scope, transformations);
        return true;
    }

    /// <summary>
    /// <see cref="Process"/> for a whole batch, when it needs no dictionary: no filter, and every transformation applies
    /// itself to this batch (<see cref="IBatchTransformation"/>); null when the rows must be processed one by one.
    /// </summary>
    public RecordBatch? ProcessBatch(RecordBatch batch, TemplateScope scope, IReadOnlyList<IRecordTransformation> transformations)
    {
        if (filter is not null) return null;
        foreach (var transformation in transformations)
            if ((transformation as IBatchTransformation)?.Transform(batch, scope) is { } transformed) batch = transformed;
            else return null;
        return batch;
    }

    private static void Apply(Dictionary<string, object?> record, TemplateScope scope, IReadOnlyList<IRecordTransformation> transformations)
    {
        foreach (var transformation in transformations) transformation.Transform(record, scope);
    }
}
