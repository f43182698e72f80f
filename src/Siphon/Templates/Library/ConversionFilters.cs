using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>Jinja's converting filters: int, float, length, default, join, urlencode, round.</summary>
internal static partial class Filters
{
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
}
