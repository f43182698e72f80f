using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Partitions;

/// <summary>
/// <c>MinMaxDatetime</c>: a templated datetime parsed with <c>datetime_format</c> (the cursor's format when empty),
/// then clamped between <c>min_datetime</c> and <c>max_datetime</c>. A plain string in a cursor's <c>start_datetime</c>
/// or <c>end_datetime</c> is the same thing without bounds.
/// </summary>
internal sealed class MinMaxDatetime(Template datetime, string? format, Template? min, Template? max)
{
    public static readonly ComponentSpec Spec = new("MinMaxDatetime", ComponentKind.MinMaxDatetime,
        "A templated datetime with an optional lower and upper bound.",
        [
            Field.Template("datetime", "The datetime (a template over config, e.g. \"{{ config['start_date'] }}\").", required: true),
            Field.String("datetime_format", "How datetime, min_datetime and max_datetime are written (the cursor's datetime_format when absent)."),
            Field.Template("min_datetime", "The earliest value; an earlier datetime is raised to it."),
            Field.Template("max_datetime", "The latest value; a later datetime is lowered to it."),
        ])
    {
        Factory = (node, _) => From(node),
        Example = "type: MinMaxDatetime\ndatetime: \"{{ config['start_date'] }}\"\ndatetime_format: \"%Y-%m-%d\"\nmin_datetime: \"2020-01-01\"\n",
    };

    public static MinMaxDatetime From(ComponentNode node) => new(
        Template.Compile(node.Text("datetime") ?? "", node.FieldPath("datetime")),
        node.Text("datetime_format") is { Length: > 0 } f ? f : null,
        node.Text("min_datetime") is { Length: > 0 } lo ? Template.Compile(lo, node.FieldPath("min_datetime")) : null,
        node.Text("max_datetime") is { Length: > 0 } hi ? Template.Compile(hi, node.FieldPath("max_datetime")) : null);

    /// <summary>The field's value: a MinMaxDatetime component, or a template string standing in for one.</summary>
    public static MinMaxDatetime? Of(ComponentNode owner, string field, BuildContext context) =>
        owner.Child(field) is { } child ? context.Build<MinMaxDatetime>(child)
        : owner.Text(field) is { Length: > 0 } text ? new MinMaxDatetime(Template.Compile(text, owner.FieldPath(field)), null, null, null)
        : null;

    public DateTimeOffset Evaluate(TemplateScope scope, string cursorFormat)
    {
        var value = Parse(datetime, scope, cursorFormat) ?? throw new TemplateEvaluationException("the datetime is empty", datetime.Source, datetime.Field);
        if (min is not null && Parse(min, scope, cursorFormat) is { } lower && value < lower) value = lower;
        if (max is not null && Parse(max, scope, cursorFormat) is { } upper && value > upper) value = upper;
        return value;
    }

    private DateTimeOffset? Parse(Template template, TemplateScope scope, string cursorFormat)
    {
        var raw = template.Evaluate(scope);
        if (raw is null or "") return null;
        var text = raw is string or DateTimeOffset ? raw : template.Render(scope);
        return CursorValues.TryParse(text, [format ?? cursorFormat, "%Y-%m-%dT%H:%M:%S.%f%z"]) ?? IsoOrThrow(text, template);
    }

    private static DateTimeOffset IsoOrThrow(object? text, Template template)
    {
        try { return PyDateParsing.IsoParse(CursorValues.Text(text)); }
        catch (PyError e) { throw new TemplateEvaluationException($"'{CursorValues.Text(text)}' is not a datetime in the expected format ({e.Message})", template.Source, template.Field); }
    }
}
