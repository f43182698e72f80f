namespace Siphon.Templates;

/// <summary>
/// How the reference types a rendered template (<c>JinjaInterpolation._literal_eval</c>) and judges a condition
/// (<c>InterpolatedBoolean</c>'s FALSE_VALUES). Kept apart from rendering so the quirks live in one place.
/// </summary>
internal static class ResultTyping
{
    /// <summary>The typed value of rendered text: its Python literal value if it is one, else the text itself.</summary>
    public static object? FromText(string text) => text.Length > 0 && PyLiteral.TryParse(text, out var value) ? value : text;

    /// <summary>
    /// The typed value of a template that is a single <c>{{ expression }}</c>: the same as printing the value and parsing it
    /// back, but without the round trip for scalars whose text reads back as themselves.
    /// </summary>
    public static object? FromValue(object? value, int maxLength) => value switch
    {
        string s => FromText(s),
        null or bool or long => value,
        double d => double.IsFinite(d) ? d : PyText.FloatRepr(d),
        Undefined => "",
        _ => FromText(PyText.Str(value, maxLength)),
    };

    /// <summary>
    /// InterpolatedBoolean: false only for an empty rendering or a value equal to one of
    /// "False", "false", "{}", "[]", "()", "", "0", "0.0", False, {}, [], (); everything else, rendered <c>None</c> included, is true.
    /// </summary>
    public static bool IsTrueCondition(object? typed) => typed switch
    {
        string s => s is not ("False" or "false" or "{}" or "[]" or "()" or "" or "0" or "0.0"),
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> map => map.Count > 0,
        _ => true,
    };

    /// <summary>A constant template's typed value is computed once; collections are copied so callers cannot change it for the next one.</summary>
    public static object? Copy(object? value) => value switch
    {
        PyTuple tuple => new PyTuple(tuple.Select(Copy)),
        List<object?> list => list.Select(Copy).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Copy(e.Value), StringComparer.Ordinal),
        _ => value,
    };
}
