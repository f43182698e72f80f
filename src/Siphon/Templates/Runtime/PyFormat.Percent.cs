using System.Text;

namespace Siphon.Templates;

/// <summary>printf-style formatting: <c>"%02d" % x</c>, <c>"%(name)s" % mapping</c>, <c>"%s-%s" % (a, b)</c>.</summary>
internal static partial class PyFormat
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
}
