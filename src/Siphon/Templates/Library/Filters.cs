using System.Collections.Frozen;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Filters: the reference's own (<c>filters.py</c>: hash, base64, string, regex, hmac) and the Jinja built-ins manifests use.
/// Resolved by name when a template is compiled, so an unknown filter is a compile error, as in Jinja.
/// </summary>
internal static partial class Filters
{
    private static readonly FrozenDictionary<string, FilterFunction> All = new Dictionary<string, FilterFunction>(StringComparer.Ordinal)
    {
        // The reference's filters.
        ["hash"] = Hash,
        ["base64encode"] = (c, v, a) => Convert.ToBase64String(Encoding.UTF8.GetBytes(PyText.Str(v))),
        ["base64decode"] = Base64Decode,
        ["base64binascii_decode"] = (c, v, a) => Convert.ToBase64String(Encoding.ASCII.GetBytes(PyText.Str(v))), // sic: the reference encodes
        ["string"] = (c, v, a) => v is string s ? s : $"\"\"\"{PyJson.Dumps(v, sortKeys: false, htmlSafe: false)}\"\"\"",
        ["regex_search"] = (c, v, a) => PyRegex.Search(PyText.Str(v), Builtins.Text(a.Expect("regex_search", 1).Required(0, "regex", "regex_search"), "regex_search")),
        ["regex_replace"] = (c, v, a) => c.CheckString(PyRegex.Replace(PyText.Str(v), Builtins.Text(a.Expect("regex_replace", 2).Required(0, "regex", "regex_replace"), "regex_replace"), Builtins.Text(a.Required(1, "replacement", "regex_replace"), "regex_replace"))),
        ["hmac"] = Hmac,

        // Jinja built-ins.
        ["int"] = ToInt,
        ["float"] = ToFloat,
        ["length"] = Length,
        ["count"] = Length,
        ["replace"] = (c, v, a) => Methods.Replace(c, PyText.Str(v), PyText.Str(a.Expect("replace", 3, "old", "new", "count").Required(0, "old", "replace")), PyText.Str(a.Required(1, "new", "replace")), PyOps.IsInteger(a.Get(2, "count", -1L), out var n) ? n : -1),
        ["default"] = Default,
        ["d"] = Default,
        ["lower"] = (c, v, a) => PyText.Str(v).ToLowerInvariant(),
        ["upper"] = (c, v, a) => PyText.Str(v).ToUpperInvariant(),
        ["capitalize"] = (c, v, a) => PyText.Str(v) is var s && s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant() : "",
        ["title"] = (c, v, a) => Methods.Title(PyText.Str(v)),
        ["trim"] = (c, v, a) => a.Get(0, "chars") is string chars ? PyText.Str(v).Trim(chars.ToCharArray()) : PyText.Str(v).Trim(),
        ["join"] = Join,
        ["first"] = (c, v, a) => PyOps.Iterate(v) is { Count: > 0 } items ? items[0] : new Undefined("first() of an empty sequence"),
        ["last"] = (c, v, a) => PyOps.Iterate(v) is { Count: > 0 } items ? items[^1] : new Undefined("last() of an empty sequence"),
        ["list"] = (c, v, a) => new List<object?>(PyOps.Iterate(v)),
        ["reverse"] = (c, v, a) => v is string s ? new string(s.Reverse().ToArray()) : Enumerable.Reverse(PyOps.Iterate(v)).ToList(),
        ["tojson"] = (c, v, a) => c.CheckString(PyJson.Dumps(v, sortKeys: true, htmlSafe: true, indent: PyOps.IsInteger(a.Get(0, "indent"), out var indent) ? (int)Math.Clamp(indent, 0, 16) : null)),
        ["urlencode"] = UrlEncode,
        ["round"] = Round,
        ["abs"] = (c, v, a) => v switch { long l => l == long.MinValue ? throw new PyError("integer overflow") : (object)Math.Abs(l), double d => Math.Abs(d), bool b => b ? 1L : 0L, _ => throw PyError.Type($"bad operand type for abs(): '{PyText.TypeName(v)}'") },
        ["sum"] = Sum,
        ["unique"] = Unique,
        ["sort"] = Sort,
        ["min"] = (c, v, a) => Extreme(c, v, a, -1),
        ["max"] = (c, v, a) => Extreme(c, v, a, 1),
        ["map"] = Map,
        ["select"] = (c, v, a) => Select(c, v, a, attribute: false, keep: true),
        ["reject"] = (c, v, a) => Select(c, v, a, attribute: false, keep: false),
        ["selectattr"] = (c, v, a) => Select(c, v, a, attribute: true, keep: true),
        ["rejectattr"] = (c, v, a) => Select(c, v, a, attribute: true, keep: false),
        ["items"] = (c, v, a) => v is Dictionary<string, object?> map ? map.Select(e => (object?)new PyTuple { e.Key, e.Value }).ToList() : v is Undefined ? [] : throw PyError.Type("items filter needs a dict"),
        ["format"] = (c, v, a) => PyFormat.Percent(c, PyText.Str(v), a.Count == 1 && !a.HasNamed ? a.Positional[0] is PyTuple or Dictionary<string, object?> ? a.Positional[0] : new PyTuple { a.Positional[0] } : new PyTuple(a.Positional)),
        ["wordcount"] = (c, v, a) => (long)PyText.Str(v).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static FilterFunction? Find(string name) => All.GetValueOrDefault(name);

    public static IEnumerable<string> Names => All.Keys;
}
