using System.Globalization;
using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Records.Transformations;

/// <summary>One field AddFields sets: a path, a templated value and an optional type to cast it to.</summary>
public sealed record AddedField(string[] Path, Template Value, string? ValueType)
{
    public static readonly ComponentSpec Spec = new("AddedFieldDefinition", ComponentKind.AddedField,
        "A field to add to each record.",
        [
            new FieldSpec("path", FieldType.StringList, "Where to put the value in the record.") { Required = true },
            Field.Template("value", "The value (a template seeing record, stream_slice, config...).", required: true, "record", "stream_slice", "stream_interval", "stream_partition"),
            Field.Enum("value_type", "Cast the value to this type.", ["string", "number", "integer", "boolean"]),
        ])
    {
        Factory = (node, _) => new AddedField(
            ((ManifestList)node.Value("path")!).Items.OfType<ManifestScalar>().Select(s => s.Text).ToArray(),
            Template.Compile(node.Value("value") is ManifestScalar s ? s.Text : "", node.FieldPath("value")),
            node.Text("value_type")),
        Example = "type: AddedFieldDefinition\npath: [source]\nvalue: \"{{ config['name'] }}\"\n",
    };

    public object? Evaluate(TemplateScope scope)
    {
        var value = Value.Evaluate(scope);
        return ValueType switch
        {
            "string" => Value.Render(scope),
            "integer" => value is long ? value : long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : value,
            "number" => value is long or double ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : double.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : value,
            "boolean" => PyOps.Truthy(value),
            _ => value,
        };
    }
}

/// <summary>Adds fields to each record, each value a template over the record and the slice.</summary>
public sealed class AddFields(IReadOnlyList<AddedField> fields, Template? condition) : IRecordTransformation
{
    public static readonly ComponentSpec Spec = new("AddFields", ComponentKind.Transformation,
        "Adds fields to each record, optionally only when a condition holds.",
        [
            Field.Components("fields", ComponentKind.AddedField, "The fields to add.", implied: "AddedFieldDefinition", required: true),
            Field.Template("condition", "Add the fields only when this is true.", required: false, "record", "stream_slice"),
        ])
    {
        Factory = (node, context) => new AddFields(
            node.Children("fields").Select(context.Build<AddedField>).ToList(),
            node.Text("condition") is { Length: > 0 } c ? Template.Compile(c, node.FieldPath("condition")) : null),
        Example = "type: AddFields\nfields:\n  - path: [source]\n    value: siphon\n",
    };

    public void Transform(Dictionary<string, object?> record, TemplateScope scope)
    {
        var recordScope = scope.With("record", record);
        if (condition is not null && !condition.EvaluateCondition(recordScope)) return;
        foreach (var field in fields) RecordPath.Set(record, field.Path, field.Evaluate(recordScope));
    }
}
