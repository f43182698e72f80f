using System.Globalization;
using Siphon.Components;

namespace Siphon.Builder.Editing;

/// <summary>How a form field shows a manifest value.</summary>
public enum FormFieldKind
{
    /// <summary>Plain text (a duration, a format, a name).</summary>
    Text,

    /// <summary>Text that is a template, checked as it is typed.</summary>
    Template,

    /// <summary>A number; text that is not one (a template) is kept as text.</summary>
    Number,

    /// <summary>A list of words written with commas, or one template giving the list.</summary>
    List,

    /// <summary>Where a request option goes: a query parameter, a header, the JSON body or the form body.</summary>
    InjectInto,

    /// <summary>One of <see cref="FormField.Options"/> (a nested component's type, such as the pagination strategy).</summary>
    Choice,

    /// <summary>A yes/no flag: a checkbox, "true" when set; unset removes it (every flag the forms show defaults to false).</summary>
    Flag,
}

/// <summary>
/// One field of a form: its label, where its value is under the component, and how it is shown. <paramref name="Hint"/>
/// is the form's own wording of the field (the registry's description when null); the default, bounds and choices are
/// the registry's (<see cref="ComponentForm.Spec"/>), never written here.
/// </summary>
public sealed record FormField(string Label, string[] Path, FormFieldKind Kind, string? Hint = null, string? Placeholder = null)
{
    /// <summary>The type written on the object holding the field when the form creates it (e.g. RequestOption).</summary>
    public string? ParentType { get; init; }

    /// <summary>The values a <see cref="FormFieldKind.Choice"/> offers.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The field belongs to these types of the object holding it only (e.g. start_from_page to PageIncrement); null: to every type.</summary>
    public IReadOnlyList<string>? OnlyFor { get; init; }

    /// <summary>The variables a template field sees, when not the form's.</summary>
    public TemplateStep? Step { get; init; }

    /// <summary>Whether the field applies to the holder's current type.</summary>
    public bool AppliesTo(object? component) =>
        OnlyFor is null || ValuePath.Get(component as Dictionary<string, object?>, [.. Path[..^1], "type"]) is string type && OnlyFor.Contains(type);
}

/// <summary>
/// A form for one component type: which fields it shows, whether a value has a shape it can show (anything else stays
/// in the YAML box, as written), and how text typed in a field is written back.
/// </summary>
public sealed record ComponentForm(string Type, IReadOnlyList<FormField> Fields)
{
    /// <summary>A component whose type the position implies may leave <c>type</c> out.</summary>
    public bool TypeImplied { get; init; }

    public static IReadOnlyList<string> InjectIntoOptions { get; } = ["", .. RegistryFields.Spec("RequestOption", "inject_into").AllowedValues];

    /// <summary>
    /// The registry fields a form field writes, one per type that can hold it (a page size belongs to every pagination
    /// strategy the form offers); a type chooser's is the component field it chooses for.
    /// </summary>
    public IReadOnlyList<FieldSpec> Specs(FormField field)
    {
        if (field.Path.Length == 1) return [RegistryFields.Spec(Type, field.Path[0])];
        if (field.Kind == FormFieldKind.Choice) return [RegistryFields.Spec(Type, field.Path[^2])];
        var holders = field.ParentType is { } parent ? [parent]
            : field.OnlyFor ?? Fields.First(f => f.Kind == FormFieldKind.Choice && f.Path.AsSpan(0, f.Path.Length - 1).SequenceEqual(field.Path.AsSpan(0, field.Path.Length - 1))).Options;
        return [.. holders.Select(type => RegistryFields.Spec(type, field.Path[^1]))];
    }

    /// <summary>The registry field behind a form field, for its description, default and bounds.</summary>
    public FieldSpec Spec(FormField field) => Specs(field)[0];

    /// <summary>What the form says under a field: its wording, then the registry's default and bounds.</summary>
    public string Hint(FormField field) => RegistryFields.Hint(Spec(field), field.Hint);

    /// <summary>The example shown in an empty field: the form's, else the registry's default.</summary>
    public string? Placeholder(FormField field) => field.Placeholder ?? (RegistryFields.DefaultText(Spec(field)) is { Length: > 0 } text ? text : null);

    /// <summary>True when every key of the value is a field of this form holding a value the field can show.</summary>
    public bool CanShow(object? value)
    {
        if (value is null) return true;
        if (value is not Dictionary<string, object?> node) return false;
        var type = node.GetValueOrDefault("type");
        if (type is null ? !TypeImplied : type as string != Type) return false;
        return Covered(node, []);
    }

    private bool Covered(Dictionary<string, object?> node, string[] prefix)
    {
        foreach (var (key, value) in node)
        {
            if (key == "type" && prefix.Length == 0) continue;
            var path = (string[])[.. prefix, key];
            var field = Fields.FirstOrDefault(f => f.Path.AsSpan().SequenceEqual(path));
            if (key == "type" && field is null)
            {
                if (value as string != Fields.FirstOrDefault(f => StartsWith(f.Path, prefix))?.ParentType) return false;
                continue;
            }
            if (field is not null)
            {
                if (!Fits(field, value) || field.OnlyFor is { } only && !(node.GetValueOrDefault("type") is string t && only.Contains(t))) return false;
                continue;
            }
            if (value is not Dictionary<string, object?> nested || !Fields.Any(f => f.Path.Length > path.Length && StartsWith(f.Path, path)) || !Covered(nested, path))
                return false;
        }
        return true;
    }

    private static bool StartsWith(string[] path, string[] prefix) => path.Length > prefix.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    private static bool Fits(FormField field, object? value) => field.Kind switch
    {
        FormFieldKind.List => value is string || value is List<object?> list && list.All(IsScalar),
        FormFieldKind.InjectInto => value is string s && InjectIntoOptions.Contains(s),
        FormFieldKind.Choice => value is string s && field.Options.Contains(s),
        FormFieldKind.Flag => value is bool,
        _ => IsScalar(value) && value is not bool,
    };

    private static bool IsScalar(object? value) => value is string or long or int or double or decimal or bool;

    /// <summary>The field's value as the form shows it ("" when absent).</summary>
    public static string Get(object? component, FormField field)
    {
        var value = ValuePath.Get(component as Dictionary<string, object?>, field.Path);
        return value switch
        {
            null => "",
            List<object?> list => string.Join(", ", list.Select(Text)),
            _ => Text(value),
        };
    }

    private static string Text(object? value) => RegistryFields.Text(value);

    /// <summary>
    /// Writes the text typed in a field into <c>parent[key]</c>, creating the component (and the object holding the field)
    /// when needed; empty text removes the field, and a component or option left with nothing but its type goes too.
    /// </summary>
    public void Set(Dictionary<string, object?> parent, string key, FormField field, string? text)
    {
        text ??= "";
        if (string.IsNullOrWhiteSpace(text)) text = "";
        if (!parent.TryGetValue(key, out var existing) || existing is not Dictionary<string, object?> component)
        {
            if (text.Length == 0) return;
            component = ManifestModel.Obj(("type", Type));
            parent[key] = component;
        }

        var holder = component;
        for (var i = 0; i < field.Path.Length - 1; i++)
        {
            if (holder.GetValueOrDefault(field.Path[i]) is not Dictionary<string, object?> next)
            {
                if (text.Length == 0) return;
                next = field.ParentType is null ? ManifestModel.Empty() : ManifestModel.Obj(("type", field.ParentType));
                holder[field.Path[i]] = next;
            }
            holder = next;
        }

        var leaf = field.Path[^1];
        // An option that goes nowhere is no option: its field name goes with it.
        if (text.Length == 0 && field.Kind == FormFieldKind.InjectInto && field.Path.Length > 1) holder.Clear();
        else if (text.Length == 0) holder.Remove(leaf);
        else holder[leaf] = Value(field.Kind, text);

        // A new type keeps only the fields that belong to it (a page increment has no cursor value).
        if (field.Kind == FormFieldKind.Choice)
            foreach (var other in Fields.Where(f => f.OnlyFor is not null && f.Path.Length == field.Path.Length && StartsWith(f.Path, field.Path[..^1]) && !f.AppliesTo(component)))
                holder.Remove(other.Path[^1]);

        // An object the form created (a request option) goes when emptied; one whose type was chosen (a strategy) stays.
        if (field.Path.Length > 1 && (holder.Count == 0 || OnlyType(holder) && holder["type"] as string == field.ParentType))
            ValuePath.Object(component, field.Path[..^2]).Remove(field.Path[^2]);
        if (OnlyType(component)) parent.Remove(key);
    }

    private static bool OnlyType(Dictionary<string, object?> node) => node.Count == 0 || node.Count == 1 && node.ContainsKey("type");

    private static object Value(FormFieldKind kind, string text) => kind switch
    {
        FormFieldKind.Number when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => whole,
        FormFieldKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        FormFieldKind.Flag => text == "true",
        FormFieldKind.List when !text.Contains("{{", StringComparison.Ordinal) && !text.Contains("{%", StringComparison.Ordinal) => ValuePath.Words(text),
        _ => text,
    };
}
