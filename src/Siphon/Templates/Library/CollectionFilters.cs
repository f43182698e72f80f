using System.Globalization;

namespace Siphon.Templates;

/// <summary>Jinja's collection filters: sum, unique, sort, min/max, map, select/reject and their attribute forms.</summary>
internal static partial class Filters
{
    private static object? Sum(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("sum", 2, "attribute", "start");
        var attribute = args.Get(0, "attribute") as string;
        var total = args.Get(1, "start", 0L);
        foreach (var item in PyOps.Iterate(value)) total = PyOps.Add(context, total, attribute is null ? item : Attribute(item, attribute));
        return total;
    }

    private static object? Unique(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("unique", 2, "case_sensitive", "attribute");
        var caseSensitive = PyOps.Truthy(args.Get(0, "case_sensitive", false));
        var attribute = args.Get(1, "attribute") as string;
        // Like Jinja's set of seen values: hashable scalars in a hash set (1, 1.0 and True are one value, as in Python);
        // lists and dicts, which Python could not hash at all, by comparison.
        var seenScalars = new HashSet<object>();
        var seenOthers = new List<object?>();
        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(value))
        {
            var key = SortKey(attribute is null ? item : Attribute(item, attribute), caseSensitive);
            context.Spend(1);
            if (key is List<object?> or Dictionary<string, object?>)
            {
                if (seenOthers.Any(s => PyOps.Equals(s, key, context))) continue;
                seenOthers.Add(key);
            }
            else if (!seenScalars.Add(HashKey(key))) continue;
            result.Add(item);
        }
        return result;
    }

    private static object? Sort(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("sort", 3, "reverse", "case_sensitive", "attribute");
        var reverse = PyOps.Truthy(args.Get(0, "reverse", false));
        var caseSensitive = PyOps.Truthy(args.Get(1, "case_sensitive", false));
        var attribute = args.Get(2, "attribute") as string;
        var items = new List<object?>(PyOps.Iterate(value));
        var keyed = items.Select(item => (Key: SortKey(attribute is null ? item : Attribute(item, attribute), caseSensitive), Item: item)).ToList();
        // A stable sort, as Python's is.
        List<object?> sorted;
        try { sorted = keyed.Order(Comparer<(object? Key, object? Item)>.Create((x, y) => PyOps.Compare(x.Key, y.Key, "<", context))).Select(x => x.Item).ToList(); }
        catch (InvalidOperationException e) when (e.InnerException is PyError inner) { throw inner; }
        if (reverse) sorted.Reverse();
        return sorted;
    }

    private static object? Extreme(EvalContext context, object? value, CallArgs args, int sign)
    {
        args.Expect(sign > 0 ? "max" : "min", 2, "case_sensitive", "attribute");
        var caseSensitive = PyOps.Truthy(args.Get(0, "case_sensitive", false));
        var attribute = args.Get(1, "attribute") as string;
        object? best = null;
        object? bestKey = null;
        var any = false;
        foreach (var item in PyOps.Iterate(value))
        {
            var key = SortKey(attribute is null ? item : Attribute(item, attribute), caseSensitive);
            if (!any || PyOps.Compare(key, bestKey, "<", context) * sign > 0) { best = item; bestKey = key; any = true; }
        }
        return any ? best : new Undefined("no items to compare");
    }

    private static object HashKey(object? value) => value switch
    {
        null => typeof(void),
        bool b => b ? 1L : 0L,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        _ => value,
    };

    private static object? SortKey(object? value, bool caseSensitive) => !caseSensitive && value is string s ? s.ToLowerInvariant() : value;

    /// <summary>Jinja's attribute lookup for filters: <c>"a.b"</c> walks dicts; an integer segment indexes lists.</summary>
    private static object? Attribute(object? item, string path)
    {
        foreach (var part in path.Split('.'))
            item = long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? PyAccess.GetItem(item, index) : PyAccess.GetItem(item, part);
        return item;
    }

    private static object? Map(EvalContext context, object? value, CallArgs args)
    {
        var items = PyOps.Iterate(value);
        if (args.TryGet(-1, "attribute", out var attribute))
        {
            var path = PyText.Str(attribute);
            var fallback = args.TryGet(-1, "default", out var d) ? d : null;
            var hasDefault = args.TryGet(-1, "default", out _);
            return items.Select(item => Attribute(item, path) is var v && v is Undefined && hasDefault ? fallback : v).ToList();
        }
        if (args.Count == 0) throw PyError.Type("map needs a filter name or attribute=");
        var name = Builtins.Text(args.Positional[0], "map");
        var filter = Find(name) ?? throw new PyError($"no filter named '{name}'");
        var rest = new CallArgs(args.Positional[1..], args.Names, args.Named);
        return items.Select(item => filter(context, item, rest)).ToList();
    }

    private static object? Select(EvalContext context, object? value, CallArgs args, bool attribute, bool keep)
    {
        var offset = 0;
        string? path = null;
        if (attribute)
        {
            path = Builtins.Text(args.Required(0, "attribute", "selectattr"), "selectattr");
            offset = 1;
        }
        TestFunction test;
        CallArgs rest;
        if (args.Count > offset)
        {
            var name = Builtins.Text(args.Positional[offset], "select");
            test = Tests.Find(name) ?? throw new PyError($"no test named '{name}'");
            rest = new CallArgs(args.Positional[(offset + 1)..], args.Names, args.Named);
        }
        else
        {
            test = (c, v, a) => PyOps.Truthy(v);
            rest = CallArgs.None;
        }
        var result = new List<object?>();
        foreach (var item in PyOps.Iterate(value))
        {
            var subject = path is null ? item : Attribute(item, path);
            if (test(context, subject, rest) == keep) result.Add(item);
        }
        return result;
    }
}
