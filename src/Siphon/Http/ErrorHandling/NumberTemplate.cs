using System.Globalization;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>A numeric field that may be written as a number or as a template over config ("{{ config['retries'] }}").</summary>
internal sealed class NumberTemplate(Template template, string field)
{
    /// <summary>
    /// The field's template (its spec's default when absent); text without template syntax that is no number is an
    /// error at load, at the field's position, rather than when the first request needs it.
    /// </summary>
    public static NumberTemplate? From(ComponentNode node, string field)
    {
        var text = node.Text(field);
        if (text is null) return null;
        var template = Template.Compile(text, node.FieldPath(field));
        if (template.IsConstant && !IsNumber(template.Evaluate(TemplateScope.Empty)))
            throw new ComponentBuildException(node.Value(field)?.Position ?? node.Position, node.FieldPath(field),
                $"'{field}' must be a number or a template over config, got '{text}'");
        return new NumberTemplate(template, node.FieldPath(field));
    }

    /// <summary>The spec's default of a field, for a component built without a manifest.</summary>
    public static NumberTemplate Default(ComponentSpec spec, string field) =>
        new(Template.Compile(Convert.ToString(spec.FindField(field)!.Default, CultureInfo.InvariantCulture)!, field), field);

    private static bool IsNumber(object? value) =>
        value is long or double || value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public double Evaluate(TemplateScope scope) => template.Evaluate(scope) switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        var other => throw new TemplateEvaluationException($"'{field}' must be a number, got {ValueTemplate.Text(other)}", template.Source, field),
    };
}

/// <summary>Parses a numeric header value (optionally through a regex, matched at its start as Python's re.match does).</summary>
internal static class HeaderNumbers
{
    public static double? Read(string? value, System.Text.RegularExpressions.Regex? regex)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (regex is not null)
        {
            var match = regex.Match(value);
            if (!match.Success || match.Index != 0) return null;
            value = match.Value;
        }
        return double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>An HTTP date (RFC 7231, e.g. "Wed, 21 Oct 2015 07:28:00 GMT").</summary>
    public static DateTimeOffset? ReadDate(string? value) =>
        value is not null && DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date)
            ? date : null;

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Max(0, seconds));
}
