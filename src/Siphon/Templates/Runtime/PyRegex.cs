using System.Text;
using System.Text.RegularExpressions;

namespace Siphon.Templates;

/// <summary>
/// Python <c>re</c> patterns on .NET's engine: <c>(?P&lt;name&gt;)</c> groups and <c>\1</c>/<c>\g&lt;name&gt;</c> replacements are
/// translated, and every match runs under a timeout so a catastrophic pattern fails fast instead of hanging a read.
/// The BCL caches the compiled patterns of these static calls.
/// </summary>
internal static class PyRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    public static string Search(string input, string pattern)
    {
        var match = Run(() => Regex.Match(input, Translate(pattern), RegexOptions.CultureInvariant, Timeout));
        if (!match.Success) return "";
        // The reference returns the first group, or "" when the pattern has none.
        if (match.Groups.Count < 2) return "";
        return match.Groups[1].Success ? match.Groups[1].Value : "";
    }

    public static string Replace(string input, string pattern, string replacement) =>
        Run(() => Regex.Replace(input, Translate(pattern), TranslateReplacement(replacement), RegexOptions.CultureInvariant, Timeout));

    private static T Run<T>(Func<T> operation)
    {
        try { return operation(); }
        catch (RegexMatchTimeoutException) { throw PyError.Sandbox("the regular expression took too long (over 500 ms)"); }
        catch (ArgumentException e) { throw new PyError($"invalid regular expression: {e.Message}"); }
    }

    private static string Translate(string pattern) =>
        pattern.Replace("(?P<", "(?<", StringComparison.Ordinal).Replace("(?P=", @"\k<", StringComparison.Ordinal).Replace(@"\Z", @"\z", StringComparison.Ordinal);

    private static string TranslateReplacement(string replacement)
    {
        var text = new StringBuilder();
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$') { text.Append("$$"); continue; }
            if (c != '\\' || i + 1 >= replacement.Length) { text.Append(c); continue; }
            var next = replacement[++i];
            if (char.IsAsciiDigit(next)) text.Append("${").Append(next).Append('}');
            else if (next == 'g' && i + 1 < replacement.Length && replacement[i + 1] == '<')
            {
                var close = replacement.IndexOf('>', i);
                if (close < 0) throw new PyError("missing '>' in a \\g<name> replacement");
                text.Append("${").Append(replacement, i + 2, close - i - 2).Append('}');
                i = close;
            }
            else if (next == 'n') text.Append('\n');
            else if (next == 't') text.Append('\t');
            else if (next == '\\') text.Append('\\');
            else text.Append('\\').Append(next);
        }
        return text.ToString();
    }
}
