using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Http;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary><c>ListPartitionRouter</c>: one partition per value of a list (written out, or a template over config).</summary>
internal sealed class ListPartitionRouter(ValueTemplate values, Template cursorField, IRequestInjection? requestOption, Dictionary<string, object?> parameters) : IPartitionRouter, IPartitionRequestOptions
{
    public static readonly ComponentSpec Spec = new("ListPartitionRouter", ComponentKind.PartitionRouter,
        "One partition per value of a list; the value is in stream_partition under cursor_field.",
        [
            Field.Any("values", "The values: a list, or a template over config giving one (\"{{ config['accounts'] }}\").", required: true),
            Field.Template("cursor_field", "The partition key the value is stored under.", required: true),
            Field.Component("request_option", ComponentKind.RequestOption, "Where the value goes in each request.", implied: "RequestOption"),
        ])
    {
        Factory = (node, context) => new ListPartitionRouter(
            ValueTemplate.Compile(node.Value("values")!.ToValue(), node.FieldPath("values")),
            Template.Compile(node.Text("cursor_field") ?? "", node.FieldPath("cursor_field")),
            context.BuildOptional<IRequestInjection>(node.Child("request_option")),
            node.ParameterValues()),
        Example = "type: ListPartitionRouter\nvalues: [eu, us]\ncursor_field: region\nrequest_option: { inject_into: request_parameter, field_name: region }\n",
    };

    private string Key(TemplateScope scope) => cursorField.Render(scope.With("parameters", parameters));

    public async IAsyncEnumerable<StreamSlice> SlicesAsync(StreamContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var scope = context.Scope.With("parameters", parameters);
        var key = Key(context.Scope);
        var evaluated = values.Evaluate(scope);
        IEnumerable<object?> items = evaluated switch
        {
            List<object?> list => list,
            null => [],
            string text when text.Length > 0 => text.Split(',').Select(s => (object?)s.Trim()),
            var single => [single],
        };
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var partition = JsonValues.NewObject(1);
            partition[key] = item;
            yield return StreamSlice.Empty with { Partition = partition };
        }
    }

    public void AddRequestOptions(StreamSlice slice, List<InjectedOption> options)
    {
        if (requestOption is null) return;
        var key = cursorField.IsConstant ? cursorField.Source : slice.Partition.Keys.FirstOrDefault(k => k != "parent_slice");
        if (key is not null && slice.Partition.TryGetValue(key, out var value)) options.Add(new InjectedOption(requestOption, value));
    }
}
