using System.Globalization;
using Siphon.Components;

namespace Siphon.Builder.Editing;

/// <summary>
/// The engine's registry as the forms read it: a field's description, default, bounds, choices and step variables are
/// written once, in its <see cref="FieldSpec"/>, and the builder shows them from there.
/// </summary>
public static class RegistryFields
{
    /// <summary>The registry's field; a form naming a field the registry lacks fails here, not silently.</summary>
    public static FieldSpec Spec(string type, string field) =>
        ComponentRegistry.Default.TryGet(type, out var spec) && spec.FindField(field) is { } found
            ? found
            : throw new InvalidOperationException($"the registry has no field {type}.{field}");

    /// <summary>Every field of a registered component, in the registry's order.</summary>
    public static IReadOnlyList<FieldSpec> Fields(string type) =>
        ComponentRegistry.Default.TryGet(type, out var spec) ? spec.Fields : throw new InvalidOperationException($"the registry has no component {type}");

    /// <summary>A field's name as a form labels it: <c>completed</c> is "Completed", <c>max_interval</c> "Max Interval".</summary>
    public static string Label(string name) =>
        string.Join(' ', name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>The field's description, with what an empty field means and the bounds the validator enforces.</summary>
    public static string Hint(string type, string field) => Hint(Spec(type, field), null);

    /// <summary>
    /// A hint: <paramref name="description"/> (the spec's when null), then the spec's default as what an empty field
    /// means and its bounds. A flag's default (false) says nothing an unticked box does not.
    /// </summary>
    public static string Hint(FieldSpec spec, string? description)
    {
        var parts = new List<string> { (description ?? spec.Description).TrimEnd('.') };
        if (spec.Default is { } value and not bool) parts.Add($"{Text(value)} when empty");
        if (spec.Min is { } min) parts.Add($"{(spec.MinExclusive ? "above" : "at least")} {Text(min)}");
        if (spec.Max is { } max) parts.Add($"at most {Text(max)}");
        return string.Join("; ", parts);
    }

    /// <summary>The default as a form shows it ("" when the field has none).</summary>
    public static string DefaultText(FieldSpec spec) => spec.Default is bool ? "" : Text(spec.Default);

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
