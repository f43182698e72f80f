namespace Siphon.Templates;

/// <summary>Python truthiness, equality (<c>1 == 1.0 == True</c>), ordering, membership and iteration.</summary>
internal static partial class PyOps
{
    public static bool Truthy(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        Dictionary<string, object?> map => map.Count > 0,
        TimeSpan span => span != TimeSpan.Zero,
        _ => true,
    };

    public static bool IsInteger(object? value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case bool b: result = b ? 1 : 0; return true;
            case int i: result = i; return true;
            default: result = 0; return false;
        }
    }

    public static bool IsNumber(object? value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case long l: result = l; return true;
            case bool b: result = b ? 1 : 0; return true;
            case int i: result = i; return true;
            default: result = 0; return false;
        }
    }

    public static bool Equals(object? a, object? b, EvalContext? context = null) => Equal(a, b, 0, context);

    private static bool Equal(object? a, object? b, int depth, EvalContext? context)
    {
        PyError.CheckDepth(depth);
        context?.Spend(1);
        if (a is string sa) return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        // Python compares container elements by identity first, so a list equals itself without a walk.
        if (ReferenceEquals(a, b) && a is List<object?> or Dictionary<string, object?>) return true;
        if (a is null) return b is null;
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib)) return ia == ib;
        if (IsNumber(a, out var da) && IsNumber(b, out var db)) return da == db;
        switch (a)
        {
            case Undefined: return b is Undefined;
            case List<object?> la when b is List<object?> lb:
                if ((a is PyTuple) != (b is PyTuple) || la.Count != lb.Count) return false;
                for (var i = 0; i < la.Count; i++)
                    if (!Equal(la[i], lb[i], depth + 1, context)) return false;
                return true;
            case Dictionary<string, object?> ma when b is Dictionary<string, object?> mb:
                if (ma.Count != mb.Count) return false;
                foreach (var (key, value) in ma)
                    if (!mb.TryGetValue(key, out var other) || !Equal(value, other, depth + 1, context)) return false;
                return true;
            case DateTimeOffset ta: return b is DateTimeOffset tb && ta == tb;
            case DateOnly oa: return b is DateOnly ob && oa == ob;
            case TimeSpan pa: return b is TimeSpan pb && pa == pb;
            default: return ReferenceEquals(a, b) || a.Equals(b);
        }
    }

    /// <summary>Python ordering; mixing unordered types is a type error, as in Python 3.</summary>
    public static int Compare(object? a, object? b, string op, EvalContext? context = null) => Compare(a, b, op, 0, context);

    private static int Compare(object? a, object? b, string op, int depth, EvalContext? context)
    {
        PyError.CheckDepth(depth);
        context?.Spend(1);
        if (a is Undefined ua) throw ua.Error($"compare with '{op}'");
        if (b is Undefined ub) throw ub.Error($"compare with '{op}'");
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib)) return ia.CompareTo(ib);
        if (IsNumber(a, out var da) && IsNumber(b, out var db)) return da.CompareTo(db);
        switch (a)
        {
            case string sa when b is string sb: return Math.Sign(string.CompareOrdinal(sa, sb));
            case DateTimeOffset ta when b is DateTimeOffset tb: return ta.CompareTo(tb);
            case DateOnly oa when b is DateOnly ob: return oa.CompareTo(ob);
            case TimeSpan pa when b is TimeSpan pb: return pa.CompareTo(pb);
            case List<object?> la when b is List<object?> lb && (a is PyTuple) == (b is PyTuple):
                for (var i = 0; i < la.Count && i < lb.Count; i++)
                {
                    if (Equal(la[i], lb[i], depth + 1, context)) continue;
                    return Compare(la[i], lb[i], op, depth + 1, context);
                }
                return la.Count.CompareTo(lb.Count);
        }
        throw PyError.Type($"'{op}' not supported between instances of '{PyText.TypeName(a)}' and '{PyText.TypeName(b)}'");
    }

    public static bool Contains(object? container, object? item, EvalContext? context = null)
    {
        switch (container)
        {
            case string s:
                if (item is not string needle) throw PyError.Type($"'in <string>' requires string as left operand, not {PyText.TypeName(item)}");
                return s.Contains(needle, StringComparison.Ordinal);
            case List<object?> list:
                foreach (var element in list)
                    if (Equals(element, item, context)) return true;
                return false;
            case Dictionary<string, object?> map: return item is string key && map.ContainsKey(key);
            case Undefined: return false;
            default: throw PyError.Type($"argument of type '{PyText.TypeName(container)}' is not iterable");
        }
    }

    /// <summary>What a for loop or an iterating filter walks: list items, dict keys, string characters.</summary>
    public static IReadOnlyList<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        Dictionary<string, object?> map => map.Keys.Cast<object?>().ToList(),
        string s => s.Select(c => (object?)c.ToString()).ToList(),
        Undefined => [],
        _ => throw PyError.Type($"'{PyText.TypeName(value)}' object is not iterable"),
    };
}
