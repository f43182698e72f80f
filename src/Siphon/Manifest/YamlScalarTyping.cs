using System.Globalization;
using System.Text.RegularExpressions;

namespace Siphon.Manifest;

/// <summary>
/// Gives a plain YAML scalar the type PyYAML's safe loader (YAML 1.1) gives it, because the reference loads
/// manifests that way: <c>yes</c>/<c>on</c> are booleans, <c>1e5</c> (no dot) stays a string, <c>0x1F</c> is 31.
/// Timestamps stay strings: Siphon's templates parse dates themselves.
/// </summary>
internal static partial class YamlScalarTyping
{
    public static object? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON": return true;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF": return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF": return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN": return double.NaN;
        }
        var first = text[0];
        if (!char.IsAsciiDigit(first) && first is not ('-' or '+' or '.')) return text;
        if (IntPattern().IsMatch(text)) return ParseInt(text);
        if (FloatPattern().IsMatch(text) &&
            double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return text;
    }

    private static object ParseInt(string text)
    {
        var negative = text[0] == '-';
        var digits = text.TrimStart('-', '+').Replace("_", "");
        try
        {
            long value = digits switch
            {
                ['0', 'x', ..] => Convert.ToInt64(digits[2..], 16),
                ['0', 'b', ..] => Convert.ToInt64(digits[2..], 2),
                ['0', _, ..] => Convert.ToInt64(digits[1..], 8),
                _ => long.Parse(digits, CultureInfo.InvariantCulture),
            };
            return negative ? -value : value;
        }
        catch (OverflowException)
        {
            return double.Parse((negative ? "-" : "") + digits, CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"^[-+]?(0b[0-1_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$")]
    private static partial Regex FloatPattern();
}
