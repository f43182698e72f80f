using System.Globalization;
using Siphon.Components;
using Siphon.Http;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// <c>IncrementingCountCursor</c>: an integer that only grows (an id, a sequence number) as the bookmark. A read starts
/// from the state's value, else <c>start_value</c>, sent with <c>start_value_option</c>; the state is the largest value
/// the records carried. One slice per partition: the API must return records in ascending order of the field.
/// </summary>
internal sealed class IncrementingCountCursor(string cursorField, Template? startValue, IRequestInjection? startOption, Dictionary<string, object?> parameters) : StreamCursor
{
    private const string StartKey = "start";

    public static readonly ComponentSpec Spec = new("IncrementingCountCursor", ComponentKind.Cursor,
        "Cursor that allows for incremental sync according to a continuously increasing integer.",
        [
            Field.String("cursor_field", "The location of the value on a record that will be used as a bookmark during sync. To ensure no data loss, the API must return records in ascending order based on the cursor field.", required: true),
            Field.Boolean("allow_catalog_defined_cursor_field", "Whether the cursor allows users to override the default cursor_field when configuring their connection (Siphon always uses cursor_field)."),
            Field.Template("start_value", "The value that determines the earliest record that should be synced."),
            Field.Component("start_value_option", ComponentKind.RequestOption, "Optionally configures how the start value will be sent in requests to the source API.", implied: "RequestOption"),
        ])
    {
        Factory = (node, context) => new IncrementingCountCursor(node.Text("cursor_field")!,
            node.Value("start_value") is Manifest.ManifestScalar { Value: not null } start ? Template.Compile(start.Text, node.FieldPath("start_value")) : null,
            context.BuildOptional<IRequestInjection>(node.Child("start_value_option")), node.ParameterValues()),
        Example = "type: IncrementingCountCursor\ncursor_field: id\nstart_value: 0\nstart_value_option: { type: RequestOption, inject_into: request_parameter, field_name: since_id }\n",
    };

    internal override CursorRun Begin(StreamStateStore state, TemplateScope scope, CursorResume resume)
    {
        var start = Number(state.Get(cursorField)) ?? Number(startValue?.Evaluate(scope.With("parameters", parameters))) ?? 0;
        return new Run(cursorField, startOption, state, start);
    }

    private static long? Number(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private sealed class Run(string cursorField, IRequestInjection? startOption, StreamStateStore state, long start) : CursorRun
    {
        private readonly Lock _gate = new();
        private long? _highest;

        public override IEnumerable<StreamSlice> Windows(StreamSlice partition)
        {
            var slice = JsonValues.NewObject(1);
            slice[StartKey] = start;
            yield return partition with { CursorSlice = slice };
        }

        public override void AddRequestOptions(StreamSlice slice, List<InjectedOption> options)
        {
            if (startOption is not null && slice.CursorSlice.TryGetValue(StartKey, out var value)) options.Add(new InjectedOption(startOption, value));
        }

        public override void Close(StreamSlice slice)
        {
            lock (_gate) state.Set(cursorField, Math.Max(start, _highest ?? start));
        }

        public override void Complete() { }

        public override bool ShouldEmit(Dictionary<string, object?> record, StreamSlice slice)
        {
            if (Number(record.GetValueOrDefault(cursorField)) is { } value)
                lock (_gate) _highest = Math.Max(_highest ?? value, value);
            return true;
        }

        public override bool StopsPagination(Dictionary<string, object?> record, StreamSlice slice) => false;
    }
}
