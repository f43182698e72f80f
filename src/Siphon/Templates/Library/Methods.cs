using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// The allow-list of methods a template may call on a value, dispatched on the value's type. Anything not listed
/// (including the legacy <c>response.json()</c>) is an error naming the type and the method, never a reflective call.
/// </summary>
internal static class Methods
{
    public static object? Call(EvalContext context, object? target, string name, CallArgs args) => target switch
    {
        string s => StringMethod(context, s, name, args),
        Dictionary<string, object?> map => DictMethod(map, name, args),
        List<object?> list => ListMethod(context, list, name, args),
        DateTimeOffset dt => DatetimeMethod(dt, name, args),
        DateOnly date => DateMethod(date, name, args),
        TimeSpan span when name == "total_seconds" => span.Ticks / 10 / 1_000_000.0,
        Undefined undefined => throw undefined.Error($"call .{name}()"),
        _ => throw Missing(target, name),
    };

    private static PyError Missing(object? target, string name) => PyError.Type($"'{PyText.TypeName(target)}' object has no method '{name}' (or it is not allowed in templates)");

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

    private static object? DictMethod(Dictionary<string, object?> map, string name, CallArgs args)
    {
        switch (name)
        {
            case "get":
                args.Expect(name, 2);
                var key = args.Required(0, "key", name);
                return key is string k && map.TryGetValue(k, out var value) ? value : args.Get(1, "default");
            case "keys": args.Expect(name, 0); return map.Keys.Cast<object?>().ToList();
            case "values": args.Expect(name, 0); return map.Values.ToList();
            case "items":
                args.Expect(name, 0);
                var items = new List<object?>(map.Count);
                foreach (var (k2, v) in map) items.Add(new PyTuple { k2, v });
                return items;
            default:
                // Jinja falls back from attribute to item, so x.k() calls the value under key k.
                if (map.TryGetValue(name, out var item)) throw PyError.Type($"'{PyText.TypeName(item)}' object is not callable");
                throw Missing(map, name);
        }
    }

    private static object? ListMethod(EvalContext context, List<object?> list, string name, CallArgs args)
    {
        switch (name)
        {
            case "append" when list is not PyTuple:
                args.Expect(name, 1);
                context.CheckCount(list.Count + 1L);
                list.Add(args.Required(0, "object", name));
                return null;
            case "extend" when list is not PyTuple:
                args.Expect(name, 1);
                var more = PyOps.Iterate(args.Required(0, "iterable", name));
                context.CheckCount((long)list.Count + more.Count);
                list.AddRange(more);
                return null;
            case "index":
                args.Expect(name, 1);
                var item = args.Required(0, "value", name);
                for (var i = 0; i < list.Count; i++)
                    if (PyOps.Equals(list[i], item, context)) return (long)i;
                throw new PyError($"{PyText.Repr(item)} is not in list");
            case "count":
                args.Expect(name, 1);
                var target = args.Required(0, "value", name);
                return (long)list.Count(element => PyOps.Equals(element, target, context));
            default: throw Missing(list, name);
        }
    }

    private static object? DatetimeMethod(DateTimeOffset dt, string name, CallArgs args)
    {
        switch (name)
        {
            case "strftime": args.Expect(name, 1); return PyDates.Strftime(dt, Str(args, 0, "format", name));
            case "isoformat":
                args.Expect(name, 2, "sep", "timespec");
                var sep = args.Get(0, "sep", "T") as string ?? throw PyError.Type("isoformat() argument 'sep' must be str");
                if (sep.Length != 1) throw PyError.Type("isoformat() argument 'sep' must be a single character");
                return PyDates.IsoFormat(dt, sep[0], args.Get(1, "timespec", "auto") as string ?? "auto");
            case "timestamp": args.Expect(name, 0); return PyDates.Timestamp(dt);
            case "date": args.Expect(name, 0); return DateOnly.FromDateTime(dt.DateTime);
            case "weekday": args.Expect(name, 0); return (long)(((int)dt.DayOfWeek + 6) % 7);
            case "isoweekday": args.Expect(name, 0); return (long)(dt.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)dt.DayOfWeek);
            case "replace":
                args.Expect(name, 0, "year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo");
                int Part(string part, int current) => args.TryGet(-1, part, out var v) ? (PyOps.IsInteger(v, out var n) ? (int)n : throw PyError.Type($"replace() argument '{part}' must be int")) : current;
                try
                {
                    // tzinfo=None would make a naive datetime; the engine keeps every datetime timezone-aware (UTC).
                    var replaced = new DateTimeOffset(Part("year", dt.Year), Part("month", dt.Month), Part("day", dt.Day), Part("hour", dt.Hour), Part("minute", dt.Minute), Part("second", dt.Second), dt.Offset);
                    return replaced.AddTicks(Part("microsecond", PyDates.Microsecond(dt)) * 10L);
                }
                catch (ArgumentOutOfRangeException) { throw new PyError("replace(): a date or time field is out of range"); }
            default: throw Missing(dt, name);
        }
    }

    private static object? DateMethod(DateOnly date, string name, CallArgs args)
    {
        switch (name)
        {
            case "strftime": args.Expect(name, 1); return PyDates.Strftime(date, Str(args, 0, "format", name));
            case "isoformat": args.Expect(name, 0); return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "weekday": args.Expect(name, 0); return (long)(((int)date.DayOfWeek + 6) % 7);
            case "isoweekday": args.Expect(name, 0); return (long)(date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek);
            case "replace":
                args.Expect(name, 0, "year", "month", "day");
                int Part(string part, int current) => args.TryGet(-1, part, out var v) ? (PyOps.IsInteger(v, out var n) ? (int)n : throw PyError.Type($"replace() argument '{part}' must be int")) : current;
                try { return new DateOnly(Part("year", date.Year), Part("month", date.Month), Part("day", date.Day)); }
                catch (ArgumentOutOfRangeException) { throw new PyError("replace(): a date field is out of range"); }
            default: throw Missing(date, name);
        }
    }
}
