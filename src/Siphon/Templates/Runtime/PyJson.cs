using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Python's <c>json.dumps</c> text (", " and ": " separators, non-ASCII escaped, <c>NaN</c>/<c>Infinity</c>), which is what
/// the <c>tojson</c> filter (keys sorted, HTML-sensitive characters escaped, as Jinja does) and the CDK's <c>string</c> filter print.
/// </summary>
internal static class PyJson
{
    public static string Dumps(object? value, bool sortKeys, bool htmlSafe, int? indent = null)
    {
        var text = new StringBuilder();
        Write(text, value, sortKeys, indent, 0);
        if (!htmlSafe) return text.ToString();
        return text.Replace("<", "\\u003c").Replace(">", "\\u003e").Replace("&", "\\u0026").Replace("'", "\\u0027").ToString();
    }

    private static void Write(StringBuilder text, object? value, bool sortKeys, int? indent, int depth)
    {
        PyError.CheckDepth(depth);
        if (text.Length > PyText.HardLengthLimit) throw PyError.Sandbox($"JSON text longer than {PyText.HardLengthLimit} characters");
        switch (value)
        {
            case null: text.Append("null"); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case long or int: text.Append(PyText.Str(value)); break;
            case double d:
                text.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyText.FloatRepr(d));
                break;
            case string s: Quote(text, s); break;
            case List<object?> list:
                if (list.Count == 0) { text.Append("[]"); break; }
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    NewLine(text, indent, depth + 1, i == 0);
                    Write(text, list[i], sortKeys, indent, depth + 1);
                }
                NewLine(text, indent, depth, true);
                text.Append(']');
                break;
            case Dictionary<string, object?> map:
                if (map.Count == 0) { text.Append("{}"); break; }
                text.Append('{');
                IEnumerable<KeyValuePair<string, object?>> entries = sortKeys ? map.OrderBy(e => e.Key, StringComparer.Ordinal) : map;
                var first = true;
                foreach (var (key, item) in entries)
                {
                    text.Append(first ? "" : ",");
                    NewLine(text, indent, depth + 1, first);
                    first = false;
                    Quote(text, key);
                    text.Append(": ");
                    Write(text, item, sortKeys, indent, depth + 1);
                }
                NewLine(text, indent, depth, true);
                text.Append('}');
                break;
            case Undefined u: throw u.Error("serialise to JSON");
            default: throw PyError.Type($"Object of type {PyText.TypeName(value)} is not JSON serializable");
        }
    }

    private static void NewLine(StringBuilder text, int? indent, int depth, bool first)
    {
        if (indent is { } width) text.Append('\n').Append(' ', width * depth);
        else if (!first) text.Append(' ');
    }

    public static void Quote(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }
}
