using System.Collections.Frozen;

namespace Siphon.Templates;

/// <summary>Jinja's tests, used as <c>x is none</c>, <c>x is not defined</c>, and by <c>select</c>/<c>reject</c>.</summary>
internal static class Tests
{
    private static readonly FrozenDictionary<string, TestFunction> All = new Dictionary<string, TestFunction>(StringComparer.Ordinal)
    {
        ["defined"] = (c, v, a) => v is not Undefined,
        ["undefined"] = (c, v, a) => v is Undefined,
        ["none"] = (c, v, a) => v is null,
        ["number"] = (c, v, a) => v is long or double or bool,
        ["integer"] = (c, v, a) => v is long,
        ["float"] = (c, v, a) => v is double,
        ["boolean"] = (c, v, a) => v is bool,
        ["true"] = (c, v, a) => v is true,
        ["false"] = (c, v, a) => v is false,
        ["string"] = (c, v, a) => v is string,
        ["mapping"] = (c, v, a) => v is Dictionary<string, object?>,
        ["sequence"] = (c, v, a) => v is string or List<object?> or Dictionary<string, object?>,
        ["iterable"] = (c, v, a) => v is string or List<object?> or Dictionary<string, object?>,
        ["callable"] = (c, v, a) => v is PyFunction,
        ["lower"] = (c, v, a) => PyText.Str(v) is var s && s == s.ToLowerInvariant(),
        ["upper"] = (c, v, a) => PyText.Str(v) is var s && s == s.ToUpperInvariant(),
        ["even"] = (c, v, a) => PyOps.IsInteger(v, out var n) ? n % 2 == 0 : throw PyError.Type("even needs an integer"),
        ["odd"] = (c, v, a) => PyOps.IsInteger(v, out var n) ? n % 2 != 0 : throw PyError.Type("odd needs an integer"),
        ["divisibleby"] = (c, v, a) => PyOps.Equals(PyOps.Modulo(c, v, a.Required(0, "num", "divisibleby")), 0L),
        ["in"] = (c, v, a) => PyOps.Contains(a.Required(0, "seq", "in"), v, c),
        ["sameas"] = (c, v, a) => a.Required(0, "other", "sameas") is var o && (v is null || v is bool ? PyOps.Equals(v, o) && v?.GetType() == o?.GetType() : ReferenceEquals(v, o)),
        ["eq"] = Equal, ["equalto"] = Equal, ["=="] = Equal,
        ["ne"] = (c, v, a) => !Equal(c, v, a), ["!="] = (c, v, a) => !Equal(c, v, a),
        ["lt"] = Less, ["lessthan"] = Less, ["<"] = Less,
        ["le"] = (c, v, a) => PyOps.Compare(v, a.Required(0, "other", "le"), "<=") <= 0, ["<="] = (c, v, a) => PyOps.Compare(v, a.Required(0, "other", "le"), "<=") <= 0,
        ["gt"] = Greater, ["greaterthan"] = Greater, [">"] = Greater,
        ["ge"] = (c, v, a) => PyOps.Compare(v, a.Required(0, "other", "ge"), ">=") >= 0, [">="] = (c, v, a) => PyOps.Compare(v, a.Required(0, "other", "ge"), ">=") >= 0,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static TestFunction? Find(string name) => All.GetValueOrDefault(name);

    private static bool Equal(EvalContext c, object? v, CallArgs a) => PyOps.Equals(v, a.Required(0, "other", "eq"), c);

    private static bool Less(EvalContext c, object? v, CallArgs a) => PyOps.Compare(v, a.Required(0, "other", "lt"), "<") < 0;

    private static bool Greater(EvalContext c, object? v, CallArgs a) => PyOps.Compare(v, a.Required(0, "other", "gt"), ">") > 0;
}
