using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Python's two string formatters: printf-style <c>"%02d" % x</c> and <c>str.format</c> (<c>'{}-{:.2f}'.format(a, b)</c>),
/// sharing one number/padding engine. Output growth is checked against the sandbox's string limit.
/// </summary>
internal static partial class PyFormat
{
    private record struct Spec(char Fill, char Align, char Sign, bool Alternate, bool ZeroPad, int Width, char Grouping, int? Precision, char Type)
    {
        // A struct's parameterless constructor ignores parameter defaults, so the defaults live here.
        public static Spec Default => new(' ', '\0', '-', false, false, 0, '\0', null, '\0');
    }

    private static int? ReadInt(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == start) return null;
        var value = int.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        return value > 100_000 ? throw PyError.Sandbox($"format width or precision {value} is too large") : value;
    }

    private static string Pad(string text, Spec spec, bool numeric)
    {
        if (text.Length >= spec.Width) return text;
        var align = spec.Align == '\0' ? (numeric ? '>' : '<') : spec.Align;
        var padding = spec.Width - text.Length;
        return align switch
        {
            '<' => text + new string(spec.Fill, padding),
            '^' => new string(spec.Fill, padding / 2) + text + new string(spec.Fill, padding - padding / 2),
            _ => new string(spec.Fill, padding) + text,
        };
    }

    private static string FormatNumber(object number, Spec spec)
    {
        var negative = number is long l ? l < 0 : double.IsNegative((double)number);
        string body;
        var prefix = "";
        if (number is long integer)
        {
            var magnitude = integer == long.MinValue ? ((ulong)long.MaxValue + 1).ToString(CultureInfo.InvariantCulture) : Math.Abs(integer).ToString(CultureInfo.InvariantCulture);
            var abs = (ulong)(integer == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(integer));
            switch (spec.Type)
            {
                case 'x': body = abs.ToString("x", CultureInfo.InvariantCulture); if (spec.Alternate) prefix = "0x"; break;
                case 'X': body = abs.ToString("X", CultureInfo.InvariantCulture); if (spec.Alternate) prefix = "0X"; break;
                case 'o': body = Convert.ToString((long)abs, 8); if (spec.Alternate) prefix = "0o"; break;
                case 'b': body = Convert.ToString((long)abs, 2); if (spec.Alternate) prefix = "0b"; break;
                case 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%': return FormatNumber((double)integer, spec);
                default: body = magnitude; break;
            }
            if (spec.Grouping != '\0') body = Group(body, spec.Grouping);
        }
        else
        {
            var d = Math.Abs((double)number);
            var precision = spec.Precision ?? 6;
            body = spec.Type switch
            {
                'f' or 'F' => Fixed(d, precision, spec.Type == 'F'),
                'e' or 'E' => Exponent(d, precision, spec.Type == 'E'),
                'g' or 'G' => General(d, precision == 0 ? 1 : precision, spec.Alternate, spec.Type == 'G'),
                '%' => Fixed(d * 100, precision, false) + "%",
                'r' => PyText.FloatRepr(d),
                _ => throw new PyError($"unknown format code '{spec.Type}' for object of type 'float'"),
            };
            if (spec.Grouping != '\0' && double.IsFinite(d))
            {
                var dot = body.IndexOfAny(['.', 'e', 'E', '%']);
                body = dot < 0 ? Group(body, spec.Grouping) : Group(body[..dot], spec.Grouping) + body[dot..];
            }
        }
        var sign = negative ? "-" : spec.Sign is '+' or ' ' ? spec.Sign.ToString() : "";
        if (spec.ZeroPad && spec.Align is '\0' or '=')
        {
            var width = spec.Width - sign.Length - prefix.Length;
            return sign + prefix + (body.Length < width ? new string('0', width - body.Length) + body : body);
        }
        if (spec.Align == '=')
        {
            var width = spec.Width - sign.Length - prefix.Length;
            return sign + prefix + (body.Length < width ? new string(spec.Fill, width - body.Length) + body : body);
        }
        return Pad(sign + prefix + body, spec, true);
    }

    private static string Group(string digits, char separator)
    {
        var text = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) text.Append(separator);
            text.Append(digits[i]);
        }
        return text.ToString();
    }

    private static string Special(double d, bool upper) => double.IsNaN(d) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");

    private static string Fixed(double d, int precision, bool upper) =>
        double.IsFinite(d) ? d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : Special(d, upper);

    private static string Exponent(double d, int precision, bool upper)
    {
        if (!double.IsFinite(d)) return Special(d, upper);
        var text = d.ToString((upper ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['e', 'E']);
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..(e + 1)] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string General(double d, int precision, bool alternate, bool upper)
    {
        if (!double.IsFinite(d)) return Special(d, upper);
        if (d == 0) return alternate ? "0." + new string('0', precision - 1) : "0";
        var probe = Exponent(d, precision - 1, false);
        var exponent = int.Parse(probe.AsSpan(probe.IndexOf('e') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string text;
        if (exponent >= -4 && exponent < precision)
        {
            text = Fixed(d, precision - 1 - exponent, upper);
            if (!alternate && text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        }
        else
        {
            text = Exponent(d, precision - 1, upper);
            if (!alternate)
            {
                var e = text.IndexOfAny(['e', 'E']);
                var mantissa = text[..e];
                if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                text = mantissa + text[e..];
            }
        }
        return text;
    }

    private static long ToInteger(object? value, string what) =>
        PyOps.IsInteger(value, out var l) ? l : throw PyError.Type($"{what} format: an integer is required, not {PyText.TypeName(value)}");

    private static long ToNumberForInt(object? value, char type) =>
        PyOps.IsInteger(value, out var l) ? l
        : value is double d ? (double.IsFinite(d) ? (long)Math.Truncate(d) : throw new PyError("cannot convert float NaN or infinity to integer"))
        : throw PyError.Type($"%{type} format: a real number is required, not {PyText.TypeName(value)}");

    private static double ToDouble(object? value, char type) =>
        PyOps.IsNumber(value, out var d) ? d : throw PyError.Type($"%{type} format: a real number is required, not {PyText.TypeName(value)}");
}
