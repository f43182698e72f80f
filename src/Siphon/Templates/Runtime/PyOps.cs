namespace Siphon.Templates;

/// <summary>
/// Python's operator semantics over the value model, dispatched on the value's type (no reflection):
/// truthiness, equality, ordering, arithmetic (bool counts as int, <c>/</c> is true division, <c>//</c> and <c>%</c> floor),
/// and date arithmetic with <c>timedelta</c> and calendar durations.
/// </summary>
internal static partial class PyOps
{
    public static object? Negate(object? value) => value switch
    {
        long l => l == long.MinValue ? throw Overflow() : -l,
        bool b => b ? -1L : 0L,
        double d => -d,
        TimeSpan span => -span,
        CalendarDuration duration => duration.Negate(),
        Undefined u => throw u.Error("negate"),
        _ => throw PyError.Type($"bad operand type for unary -: '{PyText.TypeName(value)}'"),
    };

    public static object? Plus(object? value) => value switch
    {
        long or double or TimeSpan => value,
        bool b => b ? 1L : 0L,
        Undefined u => throw u.Error("apply unary +"),
        _ => throw PyError.Type($"bad operand type for unary +: '{PyText.TypeName(value)}'"),
    };

    public static object? Add(EvalContext context, object? a, object? b)
    {
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib)) return AddInt(ia, ib);
        if (IsNumber(a, out var da) && IsNumber(b, out var db)) return da + db;
        switch (a)
        {
            case string sa when b is string sb:
                context.CheckLength((long)sa.Length + sb.Length);
                return string.Concat(sa, sb);
            case List<object?> la when b is List<object?> lb && (a is PyTuple) == (b is PyTuple):
                context.CheckCount((long)la.Count + lb.Count);
                List<object?> joined = a is PyTuple ? new PyTuple(la) : new List<object?>(la);
                joined.AddRange(lb);
                return joined;
            case DateTimeOffset t when b is TimeSpan s: return AddTime(t, s);
            case TimeSpan s when b is DateTimeOffset t: return AddTime(t, s);
            case DateOnly d when b is TimeSpan s: return AddDays(d, s);
            case TimeSpan s when b is DateOnly d: return AddDays(d, s);
            case TimeSpan s1 when b is TimeSpan s2: return s1 + s2;
            case DateTimeOffset t when b is CalendarDuration c: return c.AddTo(t);
            case CalendarDuration c when b is DateTimeOffset t: return c.AddTo(t);
            case DateOnly d when b is CalendarDuration c: return c.AddTo(d);
            case CalendarDuration c when b is DateOnly d: return c.AddTo(d);
        }
        throw Unsupported("+", a, b);
    }

    public static object? Subtract(object? a, object? b)
    {
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib)) return SubtractInt(ia, ib);
        if (IsNumber(a, out var da) && IsNumber(b, out var db)) return da - db;
        switch (a)
        {
            case DateTimeOffset t when b is TimeSpan s: return AddTime(t, -s);
            case DateTimeOffset t1 when b is DateTimeOffset t2: return t1 - t2;
            case DateOnly d when b is TimeSpan s: return AddDays(d, -s);
            case DateOnly d1 when b is DateOnly d2: return TimeSpan.FromDays(d1.DayNumber - d2.DayNumber);
            case TimeSpan s1 when b is TimeSpan s2: return s1 - s2;
            case DateTimeOffset t when b is CalendarDuration c: return c.Negate().AddTo(t);
            case DateOnly d when b is CalendarDuration c: return c.Negate().AddTo(d);
        }
        throw Unsupported("-", a, b);
    }

    public static object? Multiply(EvalContext context, object? a, object? b)
    {
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib)) return MultiplyInt(ia, ib);
        if (IsNumber(a, out var da) && IsNumber(b, out var db)) return da * db;
        if (a is string s && IsInteger(b, out var n)) return Repeat(context, s, n);
        if (b is string s2 && IsInteger(a, out var n2)) return Repeat(context, s2, n2);
        if (a is List<object?> list && IsInteger(b, out var times)) return RepeatList(context, list, times);
        if (b is List<object?> list2 && IsInteger(a, out var times2)) return RepeatList(context, list2, times2);
        if (a is TimeSpan span && IsNumber(b, out var factor)) return TimeSpan.FromTicks((long)(span.Ticks * factor));
        if (b is TimeSpan span2 && IsNumber(a, out var factor2)) return TimeSpan.FromTicks((long)(span2.Ticks * factor2));
        throw Unsupported("*", a, b);
    }

    public static object? Divide(object? a, object? b)
    {
        if (IsNumber(a, out var da) && IsNumber(b, out var db))
            return db == 0 ? throw new PyError("division by zero") : da / db;
        if (a is TimeSpan span && IsNumber(b, out var divisor))
            return divisor == 0 ? throw new PyError("division by zero") : TimeSpan.FromTicks((long)(span.Ticks / divisor));
        if (a is TimeSpan s1 && b is TimeSpan s2)
            return s2 == TimeSpan.Zero ? throw new PyError("division by zero") : s1.Ticks / (double)s2.Ticks;
        throw Unsupported("/", a, b);
    }

    public static object? FloorDivide(object? a, object? b)
    {
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib))
        {
            if (ib == 0) throw new PyError("integer division or modulo by zero");
            if (ia == long.MinValue && ib == -1) throw Overflow();
            var q = ia / ib;
            return (ia % ib != 0 && (ia < 0) != (ib < 0)) ? q - 1 : q;
        }
        if (IsNumber(a, out var da) && IsNumber(b, out var db))
            return db == 0 ? throw new PyError("float floor division by zero") : Math.Floor(da / db);
        throw Unsupported("//", a, b);
    }

    public static object? Modulo(EvalContext context, object? a, object? b)
    {
        if (a is string format) return PyFormat.Percent(context, format, b);
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib))
        {
            if (ib == 0) throw new PyError("integer division or modulo by zero");
            if (ib == -1) return 0L;
            var r = ia % ib;
            return r != 0 && (r < 0) != (ib < 0) ? r + ib : r;
        }
        if (IsNumber(a, out var da) && IsNumber(b, out var db))
        {
            if (db == 0) throw new PyError("float modulo");
            var r = da % db;
            return r != 0 && (r < 0) != (db < 0) ? r + db : r;
        }
        throw Unsupported("%", a, b);
    }

    public static object? Power(object? a, object? b)
    {
        if (IsInteger(a, out var ia) && IsInteger(b, out var ib))
        {
            if (ib < 0) return ia == 0 ? throw new PyError("0.0 cannot be raised to a negative power") : Math.Pow(ia, ib);
            long result = 1, factor = ia;
            var exponent = ib;
            try
            {
                while (exponent > 0)
                {
                    if ((exponent & 1) == 1) result = checked(result * factor);
                    exponent >>= 1;
                    if (exponent > 0) factor = checked(factor * factor);
                }
            }
            catch (OverflowException) { throw Overflow(); }
            return result;
        }
        if (IsNumber(a, out var da) && IsNumber(b, out var db))
        {
            var value = Math.Pow(da, db);
            return double.IsInfinity(value) && double.IsFinite(da) && double.IsFinite(db) ? throw new PyError("numerical result out of range") : value;
        }
        throw Unsupported("**", a, b);
    }

    private static DateTimeOffset AddTime(DateTimeOffset t, TimeSpan s)
    {
        try { return t + s; }
        catch (ArgumentOutOfRangeException) { throw new PyError("date value out of range"); }
    }

    private static DateOnly AddDays(DateOnly d, TimeSpan s)
    {
        // Python's date + timedelta uses only the timedelta's whole days (floored).
        var days = (long)Math.Floor(s.TotalDays);
        var number = d.DayNumber + days;
        if (number < DateOnly.MinValue.DayNumber || number > DateOnly.MaxValue.DayNumber) throw new PyError("date value out of range");
        return DateOnly.FromDayNumber((int)number);
    }

    private static string Repeat(EvalContext context, string s, long n)
    {
        if (n <= 0 || s.Length == 0) return "";
        context.CheckLength(s.Length * Math.Min(n, int.MaxValue));
        return new System.Text.StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
    }

    private static List<object?> RepeatList(EvalContext context, List<object?> list, long n)
    {
        if (n <= 0 || list.Count == 0) return list is PyTuple ? new PyTuple() : [];
        context.CheckCount(list.Count * Math.Min(n, int.MaxValue));
        List<object?> result = list is PyTuple ? new PyTuple() : new List<object?>(list.Count * (int)n);
        for (var i = 0; i < n; i++) result.AddRange(list);
        return result;
    }

    // Python integers are unbounded; ours are 64-bit, so overflow is a clear error instead of a wrong number.
    private static object AddInt(long a, long b)
    {
        var sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? throw Overflow() : sum;
    }

    private static object SubtractInt(long a, long b)
    {
        var difference = a - b;
        return ((a ^ b) & (a ^ difference)) < 0 ? throw Overflow() : difference;
    }

    private static object MultiplyInt(long a, long b)
    {
        var product = Math.BigMul(a, b, out var low);
        return (product == 0 && low >= 0) || (product == -1 && low < 0) ? low : throw Overflow();
    }

    private static PyError Overflow() => new("integer overflow: the result does not fit in 64 bits");

    private static PyError Unsupported(string op, object? a, object? b)
    {
        if (a is Undefined ua) return ua.Error($"apply '{op}'");
        if (b is Undefined ub) return ub.Error($"apply '{op}'");
        return PyError.Type($"unsupported operand type(s) for {op}: '{PyText.TypeName(a)}' and '{PyText.TypeName(b)}'");
    }
}
