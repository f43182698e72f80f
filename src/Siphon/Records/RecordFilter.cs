using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Records;

/// <summary>Keeps the records for which a templated condition is true (sees <c>record</c>, <c>stream_slice</c>...).</summary>
public sealed class RecordFilter(Template condition)
{
    public static readonly ComponentSpec Spec = new("RecordFilter", ComponentKind.RecordFilter,
        "Keeps only the records for which the condition is true.",
        [Field.Template("condition", "A template such as \"{{ record['status'] == 'active' }}\".", required: false, "record", "stream_slice", "stream_interval", "stream_partition", "next_page_token")])
    {
        Factory = (node, _) => new RecordFilter(Template.Compile(node.Text("condition") ?? "", node.FieldPath("condition"))),
        Example = "type: RecordFilter\ncondition: \"{{ record['id'] > 2 }}\"\n",
    };

    public bool Keep(Dictionary<string, object?> record, TemplateScope scope) =>
        condition.Source.Length == 0 || condition.EvaluateCondition(scope.With("record", record));
}
