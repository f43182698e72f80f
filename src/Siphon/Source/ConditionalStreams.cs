using Siphon.Components;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Source;

/// <summary>
/// <c>ConditionalStreams</c>: streams the connector has only when <c>condition</c> (over <c>config</c>) holds. As the
/// reference, the condition is evaluated once the config is known (<see cref="ConnectorDefinition.ForConfig"/>); a
/// connector loaded without a config does not list them.
/// </summary>
public sealed class ConditionalStreams(Template condition, IReadOnlyList<StreamDefinition> streams)
{
    public static readonly ComponentSpec Spec = new("ConditionalStreams", ComponentKind.Stream,
        "Streams that are only available while performing a connector operation when the condition is met.",
        [
            Field.Template("condition", "Condition that will be evaluated to determine if a set of streams should be available (sees config).", required: true),
            Field.Components("streams", ComponentKind.Stream, "Streams that will be used during an operation based on the condition.", implied: "DeclarativeStream", required: true),
        ])
    {
        Factory = (node, context) => new ConditionalStreams(Template.Compile(node.Text("condition") ?? "", node.FieldPath("condition")),
            node.Children("streams").Select(context.Build<StreamDefinition>).ToList()),
        Example = """
            type: ConditionalStreams
            condition: "{{ config.get('include_beta', False) }}"
            streams:
              - type: DeclarativeStream
                name: beta_items
                retriever:
                  requester: { url: "https://api.example.com/beta/items" }
                  record_selector: { extractor: { field_path: [] } }
            """,
    };

    public IReadOnlyList<StreamDefinition> Streams => streams;

    public bool Holds(IReadOnlyDictionary<string, object?> config, TimeProvider time) =>
        condition.EvaluateCondition(new TemplateScope(new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config, ["parameters"] = JsonValues.NewObject() }, time));
}
