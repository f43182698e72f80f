using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Http;
using Siphon.Records;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// <c>SubstreamPartitionRouter</c>: reads each parent stream (with its own retriever, cursor and transformations) and
/// turns each parent record into a partition: <c>{partition_field: value, parent_slice: the parent's partition}</c>, the
/// <c>extra_fields</c> in the slice's extra fields. With <c>incremental_dependency</c> the parent reads from its state,
/// stored in the child's state under <c>parent_state.&lt;parent name&gt;</c> once every child partition was read.
/// </summary>
internal sealed class SubstreamPartitionRouter(IReadOnlyList<ParentStreamConfig> parents) : IPartitionRouter, IPartitionRequestOptions
{
    public const string ParentStateKey = "parent_state";

    public static readonly ComponentSpec Spec = new("SubstreamPartitionRouter", ComponentKind.PartitionRouter,
        "Partitions a stream by the records of parent streams.",
        [Field.Components("parent_stream_configs", ComponentKind.ParentStreamConfig, "The parent streams.", implied: "ParentStreamConfig", required: true)])
    {
        Factory = (node, context) => new SubstreamPartitionRouter(node.Children("parent_stream_configs").Select(context.Build<ParentStreamConfig>).ToList()),
        Example = """
            type: SubstreamPartitionRouter
            parent_stream_configs:
              - type: ParentStreamConfig
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

    public async IAsyncEnumerable<StreamSlice> SlicesAsync(StreamContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parentStates = JsonValues.NewObject();
        var previous = context.State.Get(ParentStateKey) as IReadOnlyDictionary<string, object?>;
        foreach (var parent in parents)
        {
            var scope = context.Scope.With("parameters", parent.Parameters);
            var partitionField = parent.PartitionField.Render(scope);
            var keyPath = parent.ParentKey.Render(scope).Split('/');
            var state = parent.IncrementalDependency ? previous?.GetValueOrDefault(parent.Stream.Name) as Dictionary<string, object?> : null;
            // The parent's last state is its state after the read (a read that never emitted one leaves it empty).
            Dictionary<string, object?>? parentState = null;
            var items = context.Reader.ReadAsync(parent.Stream, state is null ? null : (Dictionary<string, object?>)JsonValues.Parse(JsonValues.ToJson(state))!, cancellationToken);
            await foreach (var item in items.ConfigureAwait(false))
            {
                if (item.State is { } emitted) parentState = emitted;
                if (item.Record is not { } record) continue;
                var value = RecordPath.Select(record, keyPath).FirstOrDefault();
                if (value is null or "") continue;
                var partition = JsonValues.NewObject(2);
                partition[partitionField] = value;
                partition["parent_slice"] = Copy(item.Partition);
                var extra = JsonValues.NewObject(parent.ExtraFields.Count);
                foreach (var path in parent.ExtraFields)
                    extra[string.Join('.', path)] = RecordPath.Select(record, path).FirstOrDefault();
                yield return new StreamSlice(partition, JsonValues.NewObject(), extra);
            }
            if (parent.IncrementalDependency) parentStates[parent.Stream.Name] = parentState ?? JsonValues.NewObject();
        }
        if (parentStates.Count > 0) context.State.SetWhenComplete(ParentStateKey, parentStates);
    }

    private static Dictionary<string, object?> Copy(IReadOnlyDictionary<string, object?> source)
    {
        var copy = JsonValues.NewObject(source.Count);
        foreach (var (key, value) in source) copy[key] = value;
        return copy;
    }

    public void AddRequestOptions(StreamSlice slice, List<InjectedOption> options)
    {
        foreach (var parent in parents)
        {
            if (parent.RequestOption is null) continue;
            var field = parent.PartitionField.IsConstant ? parent.PartitionField.Source : null;
            if (field is not null && slice.Partition.TryGetValue(field, out var value)) options.Add(new InjectedOption(parent.RequestOption, value));
        }
    }
}
