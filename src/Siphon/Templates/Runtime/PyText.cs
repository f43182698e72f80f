using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Python's <c>str()</c> and <c>repr()</c> over the value model: the rendered text of a template is what Python would
/// print (<c>True</c>, <c>None</c>, <c>[1, 'a']</c>, <c>1e+16</c>), because the result is then typed by parsing that text.
/// </summary>
internal static class PyText
{
    /// <summary>Printing stops with an error past this many characters even where no limit is passed, so a list that shares a big sub-list many times cannot exhaust memory.</summary>
    public const int HardLengthLimit = 16_000_000;

    public static string Str(object? value, int maxLength = HardLengthLimit) => value switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        Undefined => "",
        DateTimeOffset dt => PyDates.IsoFormat(dt, ' ', "auto"),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan span => TimedeltaStr(span),
        _ => Repr(value, maxLength),
    };

    public static string Repr(object? value, int maxLength = HardLengthLimit)
    {
        var builder = new StringBuilder();
        AppendRepr(builder, value, 0, maxLength);
        return builder.ToString();
    }

    private static void AppendRepr(StringBuilder builder, object? value, int depth, int maxLength)
    {
        PyError.CheckDepth(depth);
        if (builder.Length > maxLength) throw PyError.Sandbox($"printing a value takes more than {maxLength} characters");
        switch (value)
        {
            case string s: AppendQuoted(builder, s); break;
            case PyTuple tuple:
                builder.Append('(');
                for (var i = 0; i < tuple.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    AppendRepr(builder, tuple[i], depth + 1, maxLength);
                }
                if (tuple.Count == 1) builder.Append(',');
                builder.Append(')');
                break;
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    AppendRepr(builder, list[i], depth + 1, maxLength);
                }
                builder.Append(']');
                break;
            case Dictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    AppendQuoted(builder, key);
                    builder.Append(": ");
                    AppendRepr(builder, item, depth + 1, maxLength);
                }
                builder.Append('}');
                break;
            case DateTimeOffset dt:
                builder.Append("datetime.datetime(").Append(dt.Year).Append(", ").Append(dt.Month).Append(", ").Append(dt.Day)
                    .Append(", ").Append(dt.Hour).Append(", ").Append(dt.Minute);
                var micro = PyDates.Microsecond(dt);
                if (dt.Second != 0 || micro != 0) builder.Append(", ").Append(dt.Second);
                if (micro != 0) builder.Append(", ").Append(micro);
                builder.Append(dt.Offset == TimeSpan.Zero ? ", tzinfo=datetime.timezone.utc)" : $", tzinfo=datetime.timezone(datetime.timedelta(seconds={(long)dt.Offset.TotalSeconds})))");
                break;
            case DateOnly date: builder.Append("datetime.date(").Append(date.Year).Append(", ").Append(date.Month).Append(", ").Append(date.Day).Append(')'); break;
            case TimeSpan span: builder.Append("datetime.timedelta(seconds=").Append(FloatRepr(span.Ticks / (double)TimeSpan.TicksPerSecond)).Append(')'); break;
            case Undefined: break;
            default: builder.Append(Str(value)); break;
        }
    }

    /// <summary>Python's quoting: single quotes unless the text holds a single quote and no double quote.</summary>
    public static void AppendQuoted(StringBuilder builder, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote) builder.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append(quote);
    }

    /// <summary>Python's shortest round-trip float text: <c>1.0</c>, <c>0.0001</c>, <c>1e-05</c>, <c>1e+16</c>, <c>nan</c>, <c>inf</c>.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsPositiveInfinity(d)) return "inf";
        if (double.IsNegativeInfinity(d)) return "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";

        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int exponent;
        var e = r.IndexOf('E');
        if (e >= 0)
        {
            var mantissa = r[..e];
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        }
        else
        {
            var dot = r.IndexOf('.');
            var integerPart = dot < 0 ? r : r[..dot];
            var fraction = dot < 0 ? "" : r[(dot + 1)..];
            var all = integerPart + fraction;
            var leading = 0;
            while (leading < all.Length - 1 && all[leading] == '0') leading++;
            exponent = integerPart.Length - 1 - leading;
            digits = all[leading..];
        }
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        var text = new StringBuilder();
        if (d < 0) text.Append('-');
        if (exponent is >= -4 and < 16)
        {
            if (exponent >= 0)
            {
                var integerDigits = exponent + 1;
                text.Append(digits.Length >= integerDigits ? digits[..integerDigits] : digits.PadRight(integerDigits, '0'));
                text.Append('.');
                text.Append(digits.Length > integerDigits ? digits[integerDigits..] : "0");
            }
            else
            {
                text.Append("0.").Append('0', -exponent - 1).Append(digits);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>Python's <c>str(timedelta)</c>: <c>1 day, 2:03:04</c>, <c>-1 day, 23:00:00</c>, <c>0:00:00.500000</c>.</summary>
    public static string TimedeltaStr(TimeSpan span)
    {
        var totalMicro = span.Ticks / 10;
        var days = (long)Math.Floor(totalMicro / 86_400_000_000.0);
        var rest = totalMicro - days * 86_400_000_000;
        var seconds = rest / 1_000_000;
        var micro = rest % 1_000_000;
        var clock = $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}" + (micro != 0 ? $".{micro:000000}" : "");
        return days == 0 ? clock : $"{days} day{(Math.Abs(days) == 1 ? "" : "s")}, {clock}";
    }

    /// <summary>Python's type names, for error messages that read like the reference's.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        long or int => "int",
        double => "float",
        string => "str",
        PyTuple => "tuple",
        List<object?> => "list",
        Dictionary<string, object?> => "dict",
        DateTimeOffset => "datetime",
        DateOnly => "date",
        TimeSpan => "timedelta",
        CalendarDuration => "Duration",
        Undefined => "undefined",
        PyFunction => "function",
        _ => value.GetType().Name,
    };
}
