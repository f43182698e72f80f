using System.Globalization;

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
}

/// <summary>One field of a form: its label, where its value is under the component, and how it is shown.</summary>
public sealed record FormField(string Label, string[] Path, FormFieldKind Kind, string? Hint = null, string? Placeholder = null)
{
    /// <summary>The type written on the object holding the field when the form creates it (e.g. RequestOption).</summary>
    public string? ParentType { get; init; }
}

/// <summary>
/// A form for one component type: which fields it shows, whether a value has a shape it can show (anything else stays
/// in the YAML box, as written), and how text typed in a field is written back.
/// </summary>
public sealed record ComponentForm(string Type, IReadOnlyList<FormField> Fields)
{
    /// <summary>A component whose type the position implies may leave <c>type</c> out.</summary>
    public bool TypeImplied { get; init; }

    public static IReadOnlyList<string> InjectIntoOptions { get; } = ["", "request_parameter", "header", "body_json", "body_data"];

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
            if (key == "type")
            {
                if (value as string != Fields.FirstOrDefault(f => StartsWith(f.Path, prefix))?.ParentType) return false;
                continue;
            }
            if (Fields.FirstOrDefault(f => f.Path.AsSpan().SequenceEqual(path)) is { } field)
            {
                if (!Fits(field.Kind, value)) return false;
                continue;
            }
            if (value is not Dictionary<string, object?> nested || !Fields.Any(f => f.Path.Length > path.Length && StartsWith(f.Path, path)) || !Covered(nested, path))
                return false;
        }
        return true;
    }

    private static bool StartsWith(string[] path, string[] prefix) => path.Length > prefix.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    private static bool Fits(FormFieldKind kind, object? value) => kind switch
    {
        FormFieldKind.List => value is string || value is List<object?> list && list.All(IsScalar),
        FormFieldKind.InjectInto => value is string s && InjectIntoOptions.Contains(s),
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

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

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

        if (field.Path.Length > 1 && OnlyType(holder)) ValuePath.Object(component, field.Path[..^2]).Remove(field.Path[^2]);
        if (OnlyType(component)) parent.Remove(key);
    }

    private static bool OnlyType(Dictionary<string, object?> node) => node.Count == 0 || node.Count == 1 && node.ContainsKey("type");

    private static object Value(FormFieldKind kind, string text) => kind switch
    {
        FormFieldKind.Number when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => whole,
        FormFieldKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        FormFieldKind.List when !text.Contains("{{", StringComparison.Ordinal) && !text.Contains("{%", StringComparison.Ordinal) => ValuePath.Words(text),
        _ => text,
    };
}
