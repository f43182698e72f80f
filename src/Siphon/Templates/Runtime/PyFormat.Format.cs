using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary><c>str.format</c> and the format-spec mini-language (<c>{:>4}</c>, <c>{:.2f}</c>, <c>{:,}</c>).</summary>
internal static partial class PyFormat
{
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
}
