using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Filters: the reference's own (<c>filters.py</c>: hash, base64, string, regex, hmac) and the Jinja built-ins manifests use.
/// Resolved by name when a template is compiled, so an unknown filter is a compile error, as in Jinja.
/// </summary>
internal static class Filters
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

    private static object? Hash(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("hash", 2, "hash_type", "salt");
        var type = args.Get(0, "hash_type", "md5") as string ?? "md5";
        var salt = args.Get(1, "salt");
        var bytes = Encoding.UTF8.GetBytes(PyText.Str(value) + (PyOps.Truthy(salt) ? PyText.Str(salt) : ""));
        var digest = type switch
        {
            "md5" => MD5.HashData(bytes),
            "sha1" => SHA1.HashData(bytes),
            "sha256" => SHA256.HashData(bytes),
            "sha384" => SHA384.HashData(bytes),
            "sha512" => SHA512.HashData(bytes),
            _ => throw new PyError($"no hashing function named {type}"),
        };
        return Convert.ToHexStringLower(digest);
    }

    private static object? Hmac(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("hmac", 2, "key", "hash_type");
        var key = PyText.Str(args.Required(0, "key", "hmac"));
        var type = args.Get(1, "hash_type", "sha256") as string;
        if (type != "sha256") throw new PyError($"hash type '{PyText.Str(type)}' is not allowed (allowed: sha256)");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(PyText.Str(value))));
    }

    private static object? Base64Decode(EvalContext context, object? value, CallArgs args)
    {
        // Python's b64decode ignores characters outside the alphabet unless asked to validate.
        var text = new string(PyText.Str(value).Where(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=').ToArray());
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(text)); }
        catch (FormatException) { throw new PyError("base64decode: the value is not valid base64 (incorrect padding?)"); }
    }

    /// <summary>Jinja's <c>int</c>: parse, else parse as a float and truncate, else the default (0).</summary>
    private static object? ToInt(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("int", 2, "default", "base");
        var fallback = args.Get(0, "default", 0L);
        var numberBase = PyOps.IsInteger(args.Get(1, "base", 10L), out var b) ? (int)b : 10;
        switch (value)
        {
            case long or bool: return PyOps.IsInteger(value, out var l) ? l : fallback;
            case double d: return double.IsFinite(d) && Math.Abs(d) < 9.2e18 ? (long)Math.Truncate(d) : fallback;
            case string s:
                var text = s.Trim().Replace("_", "", StringComparison.Ordinal);
                if (numberBase == 10 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                if (numberBase != 10)
                {
                    try { return Convert.ToInt64(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) || text.StartsWith("0b", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, numberBase); }
                    catch (Exception e) when (e is FormatException or ArgumentException or OverflowException) { return fallback; }
                }
                return TryParseFloat(s, out var f) && double.IsFinite(f) && Math.Abs(f) < 9.2e18 ? (long)Math.Truncate(f) : fallback;
            default: return fallback;
        }
    }

    private static object? ToFloat(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("float", 1, "default");
        var fallback = args.Get(0, "default", 0.0);
        return value switch
        {
            double d => d,
            long or bool => PyOps.IsNumber(value, out var n) ? n : fallback,
            string s => TryParseFloat(s, out var f) ? f : fallback,
            _ => fallback,
        };
    }

    /// <summary>Python's <c>float()</c> of a string: surrounding whitespace, underscores between digits, nan/inf.</summary>
    public static bool TryParseFloat(string s, out double value)
    {
        var text = s.Trim();
        switch (text.ToLowerInvariant())
        {
            case "nan" or "+nan" or "-nan": value = double.NaN; return true;
            case "inf" or "+inf" or "infinity" or "+infinity": value = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": value = double.NegativeInfinity; return true;
        }
        if (text.Contains("__", StringComparison.Ordinal) || text.StartsWith('_') || text.EndsWith('_')) { value = 0; return false; }
        return double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static object? Length(EvalContext context, object? value, CallArgs args) => value switch
    {
        string s => (long)s.Length,
        List<object?> list => (long)list.Count,
        Dictionary<string, object?> map => (long)map.Count,
        Undefined => 0L,
        _ => throw PyError.Type($"object of type '{PyText.TypeName(value)}' has no len()"),
    };

    private static object? Default(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("default", 2, "default_value", "boolean");
        var useWhenFalsy = PyOps.Truthy(args.Get(1, "boolean", false));
        return value is Undefined || (useWhenFalsy && !PyOps.Truthy(value)) ? args.Get(0, "default_value", "") : value;
    }

    private static object? Join(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("join", 2, "d", "attribute");
        var separator = PyText.Str(args.Get(0, "d", ""));
        var attribute = args.Get(1, "attribute") as string;
        var text = new StringBuilder();
        var first = true;
        foreach (var item in PyOps.Iterate(value))
        {
            if (!first) text.Append(separator);
            first = false;
            text.Append(PyText.Str(attribute is null ? item : Attribute(item, attribute)));
            context.CheckLength(text.Length);
        }
        return text.ToString();
    }

    private static object? UrlEncode(EvalContext context, object? value, CallArgs args)
    {
        if (value is string s) return Builtins.UrlQuote(s, plus: false, safe: "/");
        IEnumerable<(object? Key, object? Value)> pairs = value switch
        {
            Dictionary<string, object?> map => map.Select(e => ((object?)e.Key, e.Value)),
            List<object?> list => list.Select(item => item is List<object?> { Count: 2 } pair ? (pair[0], pair[1]) : throw PyError.Type("urlencode needs a dict or a list of pairs")),
            _ => [],
        };
        if (value is not (Dictionary<string, object?> or List<object?>)) return Builtins.UrlQuote(PyText.Str(value), plus: false, safe: "/");
        return string.Join("&", pairs.Select(p => Builtins.UrlQuote(PyText.Str(p.Key), plus: true, safe: "") + "=" + Builtins.UrlQuote(PyText.Str(p.Value), plus: true, safe: "")));
    }

    /// <summary>Jinja's <c>round</c>: Python's round (half to even) for 'common', else ceil or floor; always a float.</summary>
    private static object? Round(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("round", 2, "precision", "method");
        if (!PyOps.IsNumber(value, out var number)) throw PyError.Type($"round needs a number, not {PyText.TypeName(value)}");
        var precision = PyOps.IsInteger(args.Get(0, "precision", 0L), out var p) ? (int)Math.Clamp(p, -15, 15) : 0;
        var method = args.Get(1, "method", "common") as string;
        var scale = Math.Pow(10, precision);
        // Python's round(int, n) stays an int; ceil and floor go through a float division in Jinja.
        if (method == "common" && precision >= 0 && PyOps.IsInteger(value, out var whole)) return whole;
        return method switch
        {
            "common" => precision >= 0 ? Math.Round(number, precision, MidpointRounding.ToEven) : Math.Round(number / Math.Pow(10, -precision), MidpointRounding.ToEven) * Math.Pow(10, -precision),
            "ceil" => Math.Ceiling(number * scale) / scale,
            "floor" => Math.Floor(number * scale) / scale,
            _ => throw new PyError("method must be 'common', 'ceil' or 'floor'"),
        };
    }

    private static object? Sum(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("sum", 2, "attribute", "start");
        var attribute = args.Get(0, "attribute") as string;
        var total = args.Get(1, "start", 0L);
        foreach (var item in PyOps.Iterate(value)) total = PyOps.Add(context, total, attribute is null ? item : Attribute(item, attribute));
        return total;
    }

    private static object? Unique(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("unique", 2, "case_sensitive", "attribute");
        var caseSensitive = PyOps.Truthy(args.Get(0, "case_sensitive", false));
        var attribute = args.Get(1, "attribute") as string;
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(value))
        {
            var key = SortKey(attribute is null ? item : Attribute(item, attribute), caseSensitive);
            if (seen.Any(s => PyOps.Equals(s, key, context))) continue;
            seen.Add(key);
            result.Add(item);
        }
        return result;
    }

    private static object? Sort(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("sort", 3, "reverse", "case_sensitive", "attribute");
        var reverse = PyOps.Truthy(args.Get(0, "reverse", false));
        var caseSensitive = PyOps.Truthy(args.Get(1, "case_sensitive", false));
        var attribute = args.Get(2, "attribute") as string;
        var items = new List<object?>(PyOps.Iterate(value));
        var keyed = items.Select(item => (Key: SortKey(attribute is null ? item : Attribute(item, attribute), caseSensitive), Item: item)).ToList();
        // A stable sort, as Python's is.
        List<object?> sorted;
        try { sorted = keyed.Order(Comparer<(object? Key, object? Item)>.Create((x, y) => PyOps.Compare(x.Key, y.Key, "<", context))).Select(x => x.Item).ToList(); }
        catch (InvalidOperationException e) when (e.InnerException is PyError inner) { throw inner; }
        if (reverse) sorted.Reverse();
        return sorted;
    }

    private static object? Extreme(EvalContext context, object? value, CallArgs args, int sign)
    {
        args.Expect(sign > 0 ? "max" : "min", 2, "case_sensitive", "attribute");
        var caseSensitive = PyOps.Truthy(args.Get(0, "case_sensitive", false));
        var attribute = args.Get(1, "attribute") as string;
        object? best = null;
        object? bestKey = null;
        var any = false;
        foreach (var item in PyOps.Iterate(value))
        {
            var key = SortKey(attribute is null ? item : Attribute(item, attribute), caseSensitive);
            if (!any || PyOps.Compare(key, bestKey, "<", context) * sign > 0) { best = item; bestKey = key; any = true; }
        }
        return any ? best : new Undefined("no items to compare");
    }

    private static object? SortKey(object? value, bool caseSensitive) => !caseSensitive && value is string s ? s.ToLowerInvariant() : value;

    /// <summary>Jinja's attribute lookup for filters: <c>"a.b"</c> walks dicts; an integer segment indexes lists.</summary>
    private static object? Attribute(object? item, string path)
    {
        foreach (var part in path.Split('.'))
            item = long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? PyAccess.GetItem(item, index) : PyAccess.GetItem(item, part);
        return item;
    }

    private static object? Map(EvalContext context, object? value, CallArgs args)
    {
        var items = PyOps.Iterate(value);
        if (args.TryGet(-1, "attribute", out var attribute))
        {
            var path = PyText.Str(attribute);
            var fallback = args.TryGet(-1, "default", out var d) ? d : null;
            var hasDefault = args.TryGet(-1, "default", out _);
            return items.Select(item => Attribute(item, path) is var v && v is Undefined && hasDefault ? fallback : v).ToList();
        }
        if (args.Count == 0) throw PyError.Type("map needs a filter name or attribute=");
        var name = Builtins.Text(args.Positional[0], "map");
        var filter = Find(name) ?? throw new PyError($"no filter named '{name}'");
        var rest = new CallArgs(args.Positional[1..], args.Names, args.Named);
        return items.Select(item => filter(context, item, rest)).ToList();
    }

    private static object? Select(EvalContext context, object? value, CallArgs args, bool attribute, bool keep)
    {
        var offset = 0;
        string? path = null;
        if (attribute)
        {
            path = Builtins.Text(args.Required(0, "attribute", "selectattr"), "selectattr");
            offset = 1;
        }
        TestFunction test;
        CallArgs rest;
        if (args.Count > offset)
        {
            var name = Builtins.Text(args.Positional[offset], "select");
            test = Tests.Find(name) ?? throw new PyError($"no test named '{name}'");
            rest = new CallArgs(args.Positional[(offset + 1)..], args.Names, args.Named);
        }
        else
        {
            test = (c, v, a) => PyOps.Truthy(v);
            rest = CallArgs.None;
        }
        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(value))
        {
            var subject = path is null ? item : Attribute(item, path);
            if (test(context, subject, rest) == keep) result.Add(item);
        }
        return result;
    }
}
