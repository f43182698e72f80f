using System.Text;

namespace Siphon.Templates;

/// <summary>String methods: split, join, replace, strip, lower/upper, startswith/endswith, format and a few more.</summary>
internal static partial class Methods
{
    private static string Str(CallArgs args, int index, string name, string method) =>
        args.Required(index, name, method) is string s ? s : throw PyError.Type($"{method}() argument '{name}' must be str, not {PyText.TypeName(args.Get(index, name))}");

    private static object? StringMethod(EvalContext context, string s, string name, CallArgs args)
    {
        switch (name)
        {
            case "split":
            case "rsplit":
                args.Expect(name, 2, "sep", "maxsplit");
                var separator = args.Get(0, "sep");
                var max = PyOps.IsInteger(args.Get(1, "maxsplit", -1L), out var m) ? m : -1;
                return Split(context, s, separator is null or Undefined ? null : separator as string ?? throw PyError.Type("must be str or None"), max, name == "rsplit");
            case "join":
                args.Expect(name, 1);
                var parts = PyOps.Iterate(args.Required(0, "iterable", name));
                var joined = new StringBuilder();
                for (var i = 0; i < parts.Count; i++)
                {
                    if (parts[i] is not string part) throw PyError.Type($"sequence item {i}: expected str instance, {PyText.TypeName(parts[i])} found");
                    if (i > 0) joined.Append(s);
                    joined.Append(part);
                    context.CheckLength(joined.Length);
                }
                return joined.ToString();
            case "replace":
                args.Expect(name, 3, "count");
                return Replace(context, s, Str(args, 0, "old", name), Str(args, 1, "new", name), PyOps.IsInteger(args.Get(2, "count", -1L), out var count) ? count : -1);
            case "strip": return Strip(s, args, name, true, true);
            case "lstrip": return Strip(s, args, name, true, false);
            case "rstrip": return Strip(s, args, name, false, true);
            case "lower": args.Expect(name, 0); return s.ToLowerInvariant();
            case "upper": args.Expect(name, 0); return s.ToUpperInvariant();
            case "title": args.Expect(name, 0); return Title(s);
            case "capitalize": args.Expect(name, 0); return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();
            case "startswith":
            case "endswith":
                args.Expect(name, 1);
                var affix = args.Required(0, "prefix", name);
                var candidates = affix is List<object?> options ? options : [affix];
                foreach (var candidate in candidates)
                {
                    if (candidate is not string text) throw PyError.Type($"{name} first arg must be str or a tuple of str, not {PyText.TypeName(candidate)}");
                    if (name == "startswith" ? s.StartsWith(text, StringComparison.Ordinal) : s.EndsWith(text, StringComparison.Ordinal)) return true;
                }
                return false;
            case "format": return PyFormat.Format(context, s, args);
            case "find": args.Expect(name, 1); return (long)s.IndexOf(Str(args, 0, "sub", name), StringComparison.Ordinal);
            case "count": args.Expect(name, 1); return CountOccurrences(s, Str(args, 0, "sub", name));
            case "isdigit" or "isnumeric" or "isdecimal": args.Expect(name, 0); return s.Length > 0 && s.All(char.IsDigit);
            case "isalpha": args.Expect(name, 0); return s.Length > 0 && s.All(char.IsLetter);
            case "isalnum": args.Expect(name, 0); return s.Length > 0 && s.All(char.IsLetterOrDigit);
            case "islower": args.Expect(name, 0); return s.Any(char.IsLetter) && !s.Any(char.IsUpper);
            case "isupper": args.Expect(name, 0); return s.Any(char.IsLetter) && !s.Any(char.IsLower);
            case "zfill":
                args.Expect(name, 1);
                var width = PyOps.IsInteger(args.Required(0, "width", name), out var w) ? w : throw PyError.Type("zfill() needs an integer");
                context.CheckLength(width);
                if (s.Length >= width) return s;
                var signed = s.Length > 0 && s[0] is '+' or '-';
                return signed ? s[0] + new string('0', (int)width - s.Length) + s[1..] : new string('0', (int)width - s.Length) + s;
            default: throw Missing(s, name);
        }
    }

    public static string Replace(EvalContext context, string s, string old, string replacement, long count)
    {
        if (count == 0) return s;
        if (old.Length == 0)
        {
            // Python inserts the replacement between every character (and at both ends).
            var slots = count < 0 ? s.Length + 1 : Math.Min(count, s.Length + 1);
            context.CheckLength(s.Length + slots * replacement.Length);
            var result = new StringBuilder();
            for (var i = 0; i <= s.Length; i++)
            {
                if (i < slots) result.Append(replacement);
                if (i < s.Length) result.Append(s[i]);
            }
            return result.ToString();
        }
        var occurrences = CountOccurrences(s, old);
        if (count >= 0) occurrences = Math.Min(occurrences, count);
        context.CheckLength(s.Length + occurrences * (long)(replacement.Length - old.Length));
        if (count < 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        var builder = new StringBuilder();
        var pos = 0;
        for (var n = 0; n < count; n++)
        {
            var at = s.IndexOf(old, pos, StringComparison.Ordinal);
            if (at < 0) break;
            builder.Append(s, pos, at - pos).Append(replacement);
            pos = at + old.Length;
        }
        return builder.Append(s, pos, s.Length - pos).ToString();
    }

    private static long CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        long n = 0;
        for (var at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static List<object?> Split(EvalContext context, string s, string? separator, long max, bool fromRight)
    {
        if (separator is { Length: 0 }) throw new PyError("empty separator");
        var parts = new List<string>();
        if (separator is null)
        {
            // Python's split() without a separator: runs of whitespace, no empty strings.
            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (max < 0 || words.Length <= max + 1) parts.AddRange(words);
            else if (!fromRight)
            {
                var rest = s.TrimStart();
                for (var i = 0; i < max; i++)
                {
                    var end = 0;
                    while (end < rest.Length && !char.IsWhiteSpace(rest[end])) end++;
                    parts.Add(rest[..end]);
                    rest = rest[end..].TrimStart();
                }
                parts.Add(rest);
            }
            else
            {
                parts.AddRange(words[..^(int)max].Length == 0 ? [] : [string.Join(" ", words[..^(int)max])]);
                parts.AddRange(words[^(int)max..]);
            }
        }
        else if (max < 0) parts.AddRange(s.Split(separator, StringSplitOptions.None));
        else if (!fromRight) parts.AddRange(s.Split(separator, (int)Math.Min(max + 1, int.MaxValue), StringSplitOptions.None));
        else
        {
            var remaining = s;
            var tail = new List<string>();
            for (var i = 0; i < max; i++)
            {
                var at = remaining.LastIndexOf(separator, StringComparison.Ordinal);
                if (at < 0) break;
                tail.Insert(0, remaining[(at + separator.Length)..]);
                remaining = remaining[..at];
            }
            parts.Add(remaining);
            parts.AddRange(tail);
        }
        context.CheckCount(parts.Count);
        return parts.Cast<object?>().ToList();
    }

    private static string Strip(string s, CallArgs args, string name, bool start, bool end)
    {
        args.Expect(name, 1);
        var chars = args.Get(0, "chars");
        if (chars is null or Undefined)
        {
            if (start) s = s.TrimStart();
            if (end) s = s.TrimEnd();
            return s;
        }
        var set = chars as string ?? throw PyError.Type($"{name} arg must be None or str");
        if (start) s = s.TrimStart(set.ToCharArray());
        if (end) s = s.TrimEnd(set.ToCharArray());
        return s;
    }

    public static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousIsLetter = false;
        foreach (var c in s)
        {
            builder.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }
        return builder.ToString();
    }
}
