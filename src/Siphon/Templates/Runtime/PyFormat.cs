using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Python's two string formatters: printf-style <c>"%02d" % x</c> and <c>str.format</c> (<c>'{}-{:.2f}'.format(a, b)</c>),
/// sharing one number/padding engine. Output growth is checked against the sandbox's string limit.
/// </summary>
internal static class PyFormat
{
    public static string Percent(EvalContext context, string format, object? args)
    {
        var positional = args is PyTuple tuple ? tuple : null;
        var mapping = args as Dictionary<string, object?>;
        var next = 0;
        var usedSingle = false;
        object? NextArg()
        {
            if (positional is not null)
                return next < positional.Count ? positional[next++] : throw PyError.Type("not enough arguments for format string");
            if (usedSingle) throw PyError.Type("not enough arguments for format string");
            usedSingle = true;
            return args;
        }

        var output = new StringBuilder(format.Length + 16);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%') { output.Append(c); continue; }
            if (++i >= format.Length) throw new PyError("incomplete format");
            object? value = null;
            var hasValue = false;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0) throw new PyError("incomplete format key");
                if (mapping is null) throw PyError.Type("format requires a mapping");
                var key = format[(i + 1)..close];
                value = mapping.TryGetValue(key, out var found) ? found : throw new PyError($"key '{key}' is missing for the format");
                hasValue = true;
                i = close + 1;
            }
            // printf right-aligns everything unless the '-' flag is given.
            var spec = Spec.Default with { Align = '>' };
            for (; i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0'; i++)
            {
                switch (format[i])
                {
                    case '-': spec.Align = '<'; break;
                    case '+': spec.Sign = '+'; break;
                    case ' ': if (spec.Sign != '+') spec.Sign = ' '; break;
                    case '#': spec.Alternate = true; break;
                    case '0': spec.ZeroPad = true; break;
                }
            }
            if (spec.ZeroPad && spec.Align != '<') spec.Align = '=';
            if (i < format.Length && format[i] == '*') { spec.Width = (int)ToInteger(NextArg(), "*"); i++; }
            else spec.Width = ReadInt(format, ref i) ?? 0;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*') { spec.Precision = (int)ToInteger(NextArg(), "*"); i++; }
                else spec.Precision = ReadInt(format, ref i) ?? 0;
            }
            while (i < format.Length && format[i] is 'h' or 'l' or 'L') i++;
            if (i >= format.Length) throw new PyError("incomplete format");
            spec.Type = format[i];
            if (spec.Type == '%') { output.Append('%'); continue; }
            if (!hasValue) value = NextArg();
            if (spec.Align == '<') spec.ZeroPad = false;
            var piece = spec.Type switch
            {
                's' => Pad(PyText.Str(value), spec, false),
                'r' or 'a' => Pad(PyText.Repr(value), spec, false),
                'c' => Pad(value is string ch && ch.Length == 1 ? ch : char.ConvertFromUtf32((int)ToInteger(value, "%c")), spec, false),
                'd' or 'i' or 'u' => FormatNumber(ToNumberForInt(value, spec.Type), spec with { Type = 'd' }),
                'x' or 'X' or 'o' => FormatNumber(ToInteger(value, "%" + spec.Type), spec),
                'f' or 'F' or 'e' or 'E' or 'g' or 'G' => FormatNumber(ToDouble(value, spec.Type), spec),
                _ => throw new PyError($"unsupported format character '{spec.Type}'"),
            };
            context.CheckLength((long)output.Length + piece.Length);
            output.Append(piece);
        }
        if (positional is not null ? next < positional.Count : mapping is null && !usedSingle)
            throw PyError.Type("not all arguments converted during string formatting");
        return output.ToString();
    }

    /// <summary><c>str.format</c> with automatic or explicit field numbers, keyword fields, <c>.attr</c>/<c>[key]</c>, <c>!r</c> and a format spec.</summary>
    public static string Format(EvalContext context, string format, CallArgs args)
    {
        var output = new StringBuilder(format.Length + 16);
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}') { output.Append('}'); i++; continue; }
                throw new PyError("single '}' encountered in format string");
            }
            if (c != '{') { output.Append(c); continue; }
            if (i + 1 < format.Length && format[i + 1] == '{') { output.Append('{'); i++; continue; }
            var close = format.IndexOf('}', i);
            if (close < 0) throw new PyError("single '{' encountered in format string");
            var field = format[(i + 1)..close];
            i = close;

            var specText = "";
            var colon = field.IndexOf(':');
            if (colon >= 0) { specText = field[(colon + 1)..]; field = field[..colon]; }
            var conversion = '\0';
            var bang = field.IndexOf('!');
            if (bang >= 0) { conversion = bang + 1 < field.Length ? field[bang + 1] : '\0'; field = field[..bang]; }

            var nameEnd = 0;
            while (nameEnd < field.Length && field[nameEnd] is not ('.' or '[')) nameEnd++;
            var name = field[..nameEnd];
            object? value;
            if (name.Length == 0) value = args.TryGet(auto, "", out var a) ? a : throw new PyError($"replacement index {auto} out of range for positional args tuple");
            else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index)) value = index < args.Count ? args.Positional[index] : throw new PyError($"replacement index {index} out of range for positional args tuple");
            else value = args.TryGet(-1, name, out var named) ? named : throw new PyError($"'{name}' is not given to format()");
            if (name.Length == 0) auto++;
            value = Walk(value, field[nameEnd..]);

            if (conversion is 'r' or 'a') value = PyText.Repr(value);
            else if (conversion == 's') value = PyText.Str(value);
            var piece = FormatValue(value, specText);
            context.CheckLength((long)output.Length + piece.Length);
            output.Append(piece);
        }
        return output.ToString();
    }

    private static object? Walk(object? value, string path)
    {
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '[')) end++;
                value = PyAccess.GetAttr(value, path[(i + 1)..end]);
                i = end;
            }
            else
            {
                var end = path.IndexOf(']', i);
                if (end < 0) throw new PyError("missing ']' in format string");
                var key = path[(i + 1)..end];
                value = PyAccess.GetItem(value, long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : key);
                i = end + 1;
            }
        }
        return value;
    }

    /// <summary>Python's <c>format(value, spec)</c>, the format-spec mini-language.</summary>
    public static string FormatValue(object? value, string specText)
    {
        var spec = ParseSpec(specText);
        if (value is DateTimeOffset or DateOnly) return Pad(specText.Length == 0 ? PyText.Str(value) : PyDates.Strftime(value, specText), Spec.Default, false);
        if (value is string or null or Undefined or List<object?> or Dictionary<string, object?> or TimeSpan)
        {
            if (spec.Type is not ('\0' or 's')) throw new PyError($"unknown format code '{spec.Type}' for object of type '{PyText.TypeName(value)}'");
            var text = PyText.Str(value);
            if (spec.Precision is { } max && text.Length > max) text = text[..max];
            return Pad(text, spec, false);
        }
        if (value is bool b && spec.Type == '\0') return Pad(b ? "True" : "False", spec, false);
        if (spec.Type == '\0')
        {
            if (PyOps.IsInteger(value, out var integer)) return FormatNumber(integer, spec with { Type = 'd' });
            if (value is double d) return spec.Precision is null ? FormatNumber(d, spec with { Type = 'r' }) : FormatNumber(d, spec with { Type = 'g' });
        }
        if (spec.Type is 'd' or 'x' or 'X' or 'o' or 'b' or 'c' or 'n')
        {
            if (!PyOps.IsInteger(value, out var integer)) throw new PyError($"unknown format code '{spec.Type}' for object of type '{PyText.TypeName(value)}'");
            return spec.Type == 'c' ? Pad(char.ConvertFromUtf32((int)integer), spec, false) : FormatNumber(integer, spec.Type == 'n' ? spec with { Type = 'd' } : spec);
        }
        if (PyOps.IsNumber(value, out var number)) return FormatNumber(number, spec);
        throw new PyError($"cannot format a value of type '{PyText.TypeName(value)}' with '{specText}'");
    }

    private record struct Spec(char Fill, char Align, char Sign, bool Alternate, bool ZeroPad, int Width, char Grouping, int? Precision, char Type)
    {
        // A struct's parameterless constructor ignores parameter defaults, so the defaults live here.
        public static Spec Default => new(' ', '\0', '-', false, false, 0, '\0', null, '\0');
    }

    private static Spec ParseSpec(string text)
    {
        var spec = Spec.Default;
        var i = 0;
        if (text.Length >= 2 && text[1] is '<' or '>' or '^' or '=') { spec.Fill = text[0]; spec.Align = text[1]; i = 2; }
        else if (text.Length >= 1 && text[0] is '<' or '>' or '^' or '=') { spec.Align = text[0]; i = 1; }
        if (i < text.Length && text[i] is '+' or '-' or ' ') spec.Sign = text[i++];
        if (i < text.Length && text[i] == '#') { spec.Alternate = true; i++; }
        if (i < text.Length && text[i] == '0') { spec.ZeroPad = true; i++; }
        spec.Width = ReadInt(text, ref i) ?? 0;
        if (i < text.Length && text[i] is ',' or '_') spec.Grouping = text[i++];
        if (i < text.Length && text[i] == '.')
        {
            i++;
            spec.Precision = ReadInt(text, ref i) ?? throw new PyError("format specifier missing precision");
        }
        if (i < text.Length) spec.Type = text[i++];
        if (i != text.Length) throw new PyError($"invalid format specifier '{text}'");
        return spec;
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
