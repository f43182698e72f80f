using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Siphon.Templates;

/// <summary>
/// The reference's macros (<c>macros.py</c>) and the Jinja globals manifests can use (<c>dict</c>, <c>namespace</c>).
/// Jinja's <c>range</c> is absent, as in the reference. Time comes from the scope's <see cref="TimeProvider"/>.
/// </summary>
internal static partial class Builtins
{
    private static readonly FrozenDictionary<string, PyFunction> Functions = new PyFunction[]
    {
        new("now_utc", (c, a) => Now(c, a.Expect("now_utc", 0))),
        new("today_utc", (c, a) => DateOnly.FromDateTime(Now(c, a.Expect("today_utc", 0)).UtcDateTime)),
        new("today_with_timezone", TodayWithTimezone),
        new("timestamp", Timestamp),
        new("str_to_datetime", (c, a) => ToDatetime(a.Expect("str_to_datetime", 1, "s").Required(0, "s", "str_to_datetime"))),
        new("max", (c, a) => Extreme(c, a, "max", 1)),
        new("min", (c, a) => Extreme(c, a, "min", -1)),
        new("day_delta", DayDelta),
        new("duration", (c, a) => PyDateParsing.ParseDuration(Text(a.Expect("duration", 1, "datestring").Required(0, "datestring", "duration"), "duration"))),
        new("format_datetime", FormatDatetime),
        new("sanitize_url", (c, a) => UrlQuote(PyText.Str(a.Expect("sanitize_url", 1, "value").Required(0, "value", "sanitize_url")), plus: true, safe: "")),
        new("camel_case_to_snake_case", (c, a) => CamelToSnake().Replace(PyText.Str(a.Expect("camel_case_to_snake_case", 1, "value").Required(0, "value", "camel_case_to_snake_case")), "_").ToLowerInvariant()),
        new("generate_uuid", (c, a) => { a.Expect("generate_uuid", 0); return Guid.NewGuid().ToString(); }),
        new("dict", (c, a) => KeywordsToDict(a, "dict")),
        new("namespace", (c, a) => KeywordsToDict(a, "namespace")),
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out PyFunction? function) => Functions.TryGetValue(name, out function);

    public static bool IsGlobal(string name) => Functions.ContainsKey(name);

    public static IEnumerable<string> Names => Functions.Keys;

    private static DateTimeOffset Now(EvalContext context, CallArgs _) => PyDates.TruncateToMicroseconds(context.Scope.Time.GetUtcNow());

    private static object? TodayWithTimezone(EvalContext context, CallArgs args)
    {
        var name = Text(args.Expect("today_with_timezone", 1, "timezone").Required(0, "timezone", "today_with_timezone"), "today_with_timezone");
        TimeZoneInfo zone;
        try { zone = TimeZoneInfo.FindSystemTimeZoneById(name); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { throw new PyError($"unknown time zone '{name}'"); }
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Scope.Time.GetUtcNow(), zone).DateTime);
    }

    private static object? Timestamp(EvalContext context, CallArgs args)
    {
        var value = args.Expect("timestamp", 1, "dt").Required(0, "dt", "timestamp");
        if (PyOps.IsInteger(value, out var integer)) return integer;
        if (value is double d) return double.IsFinite(d) ? (long)Math.Truncate(d) : throw new PyError("cannot convert float NaN or infinity to integer");
        return PyDates.Timestamp(ToDatetime(value));
    }

    public static DateTimeOffset ToDatetime(object? value) => value switch
    {
        string s => PyDateParsing.IsoParse(s),
        DateTimeOffset dt => dt.ToUniversalTime(),
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        Undefined u => throw u.Error("read a datetime"),
        _ => throw PyError.Type($"expected an ISO-8601 date string, not {PyText.TypeName(value)}"),
    };

    private static object? Extreme(EvalContext context, CallArgs args, string name, int sign)
    {
        args.Expect(name, int.MaxValue, "default");
        IReadOnlyList<object?> items = args.Count == 1 ? PyOps.Iterate(args.Positional[0]) : args.Positional;
        if (args.Count == 0) throw PyError.Type($"{name} expected at least 1 argument, got 0");
        if (items.Count == 0)
            return args.TryGet(-1, "default", out var fallback) ? fallback : throw new PyError($"{name}() arg is an empty sequence");
        var best = items[0];
        for (var i = 1; i < items.Count; i++)
            if (PyOps.Compare(items[i], best, sign > 0 ? ">" : "<", context) * sign > 0) best = items[i];
        return best;
    }

    private static object? DayDelta(EvalContext context, CallArgs args)
    {
        args.Expect("day_delta", 2, "num_days", "format");
        var days = args.Required(0, "num_days", "day_delta");
        if (!PyOps.IsNumber(days, out var count)) throw PyError.Type($"day_delta() needs a number of days, not {PyText.TypeName(days)}");
        var format = Text(args.Get(1, "format", "%Y-%m-%dT%H:%M:%S.%f%z"), "day_delta");
        return PyDates.Strftime(PyDates.TruncateToMicroseconds(Now(context, args).AddTicks((long)(count * TimeSpan.TicksPerDay))), format);
    }

    private static object? FormatDatetime(EvalContext context, CallArgs args)
    {
        args.Expect("format_datetime", 3, "dt", "format", "input_format");
        var value = args.Required(0, "dt", "format_datetime");
        var format = Text(args.Required(1, "format", "format_datetime"), "format_datetime");
        var inputFormat = args.Get(2, "input_format") is { } f and not Undefined ? Text(f, "format_datetime") : null;
        // As in the reference, a datetime is formatted with plain strftime; other inputs go through its DatetimeParser.
        if (value is DateTimeOffset dt) return PyDates.Strftime(dt, format);
        DateTimeOffset parsed = value switch
        {
            long or int or double => CdkDatetimeFormat.Parse(value, inputFormat ?? "%s"),
            string s when inputFormat is not null => CdkDatetimeFormat.Parse(s, inputFormat),
            _ => ToDatetime(value),
        };
        return CdkDatetimeFormat.Format(parsed, format);
    }

    private static object? KeywordsToDict(CallArgs args, string name)
    {
        if (args.Count > 1) throw PyError.Type($"{name}() takes at most one positional argument");
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (args.Count == 1)
        {
            if (args.Positional[0] is not Dictionary<string, object?> source) throw PyError.Type($"{name}() needs a dict, not {PyText.TypeName(args.Positional[0])}");
            foreach (var (key, value) in source) map[key] = value;
        }
        if (args.Names is not null)
            for (var i = 0; i < args.Names.Length; i++) map[args.Names[i]] = args.Named![i];
        return map;
    }

    public static string Text(object? value, string function) => value switch
    {
        string s => s,
        Undefined u => throw u.Error($"use it in {function}()"),
        _ => throw PyError.Type($"{function}() needs a string, not {PyText.TypeName(value)}"),
    };

    /// <summary>Python's <c>urllib.parse.quote</c> / <c>quote_plus</c>: UTF-8 bytes, unreserved characters kept.</summary>
    public static string UrlQuote(string value, bool plus, string safe)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || (b < 128 && safe.Contains(c))) text.Append(c);
            else if (plus && c == ' ') text.Append('+');
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    [GeneratedRegex("(?<!^)(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex CamelToSnake();
}
