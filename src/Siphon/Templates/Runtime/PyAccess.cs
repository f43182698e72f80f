namespace Siphon.Templates;

/// <summary>
/// Jinja's sandboxed lookups: <c>x['k']</c> and <c>x.k</c> both fall back between item and attribute, a missing key
/// is <see cref="Undefined"/>, reading from an undefined value is an error, and double-underscore names (the way
/// out of a Python sandbox) are refused outright.
/// </summary>
internal static class PyAccess
{
    public static object? GetItem(object? container, object? key)
    {
        switch (container)
        {
            case Dictionary<string, object?> map:
                if (key is string name)
                {
                    if (map.TryGetValue(name, out var value)) return value;
                    if (map is Values.StreamSliceValue slice && slice.TryGetAttribute(name, out var special)) return special;
                    if (IsDunder(name)) throw Refused(name);
                    return Undefined.MissingKey(name);
                }
                return new Undefined($"key {PyText.Repr(key)} is missing");
            case List<object?> list:
                if (PyOps.IsInteger(key, out var index))
                {
                    if (index < 0) index += list.Count;
                    return index >= 0 && index < list.Count ? list[(int)index] : new Undefined($"index {PyText.Str(key)} is out of range");
                }
                return key is string attribute ? GetAttr(container, attribute) : new Undefined($"list indices must be integers, not {PyText.TypeName(key)}");
            case string s:
                if (PyOps.IsInteger(key, out var position))
                {
                    if (position < 0) position += s.Length;
                    return position >= 0 && position < s.Length ? s[(int)position].ToString() : new Undefined($"string index {PyText.Str(key)} is out of range");
                }
                return key is string member ? GetAttr(container, member) : new Undefined($"string indices must be integers, not {PyText.TypeName(key)}");
            case Undefined undefined:
                throw undefined.Error($"read [{PyText.Repr(key)}]");
            default:
                return key is string other ? GetAttr(container, other) : new Undefined($"'{PyText.TypeName(container)}' object is not subscriptable");
        }
    }

    public static object? GetAttr(object? target, string name)
    {
        if (IsDunder(name)) throw Refused(name);
        switch (target)
        {
            case Dictionary<string, object?> map:
                if (map.TryGetValue(name, out var value)) return value;
                return map is Values.StreamSliceValue slice && slice.TryGetAttribute(name, out var special) ? special : Undefined.MissingKey(name);
            case DateTimeOffset dt:
                return name switch
                {
                    "year" => (long)dt.Year,
                    "month" => (long)dt.Month,
                    "day" => (long)dt.Day,
                    "hour" => (long)dt.Hour,
                    "minute" => (long)dt.Minute,
                    "second" => (long)dt.Second,
                    "microsecond" => (long)PyDates.Microsecond(dt),
                    _ => NoAttribute(target, name),
                };
            case DateOnly date:
                return name switch
                {
                    "year" => (long)date.Year,
                    "month" => (long)date.Month,
                    "day" => (long)date.Day,
                    _ => NoAttribute(target, name),
                };
            case TimeSpan span:
                var micro = span.Ticks / 10;
                var days = (long)Math.Floor(micro / 86_400_000_000.0);
                var rest = micro - days * 86_400_000_000;
                return name switch
                {
                    "days" => days,
                    "seconds" => rest / 1_000_000,
                    "microseconds" => rest % 1_000_000,
                    _ => NoAttribute(target, name),
                };
            case Undefined undefined:
                throw undefined.Error($"read attribute '{name}'");
            default:
                return NoAttribute(target, name);
        }
    }

    public static object? Slice(EvalContext context, object? target, object? start, object? stop, object? step)
    {
        if (target is Undefined undefined) throw undefined.Error("slice");
        var stepValue = Bound(step, "step") ?? 1;
        if (stepValue == 0) throw new PyError("slice step cannot be zero");
        switch (target)
        {
            case string s:
                var indices = Indices(s.Length, Bound(start, "start"), Bound(stop, "stop"), stepValue);
                if (stepValue == 1) return indices.Count == 0 ? "" : s.Substring((int)indices.Start, indices.Count);
                var chars = new char[indices.Count];
                for (var i = 0; i < chars.Length; i++) chars[i] = s[(int)(indices.Start + i * stepValue)];
                return new string(chars);
            case List<object?> list:
                var range = Indices(list.Count, Bound(start, "start"), Bound(stop, "stop"), stepValue);
                context.CheckCount(range.Count);
                List<object?> result = list is PyTuple ? new PyTuple() : new List<object?>(range.Count);
                for (var i = 0; i < range.Count; i++) result.Add(list[(int)(range.Start + i * stepValue)]);
                return result;
            case null:
                return new Undefined("'NoneType' object is not subscriptable");
            default:
                throw PyError.Type($"'{PyText.TypeName(target)}' object is not subscriptable");
        }
    }

    private static long? Bound(object? value, string what)
    {
        if (value is null or Undefined) return null;
        if (PyOps.IsInteger(value, out var l)) return l;
        throw PyError.Type($"slice {what} must be an integer or None, not {PyText.TypeName(value)}");
    }

    /// <summary>Python's <c>slice.indices</c>: clamps the bounds and counts the selected positions.</summary>
    private static (long Start, int Count) Indices(int length, long? start, long? stop, long step)
    {
        long lower = step > 0 ? 0 : -1, upper = step > 0 ? length : length - 1;
        long Clamp(long? v, long fallback)
        {
            if (v is null) return fallback;
            var x = v.Value < 0 ? v.Value + length : v.Value;
            return Math.Clamp(x, lower, upper);
        }
        var first = Clamp(start, step > 0 ? lower : upper);
        var last = Clamp(stop, step > 0 ? upper : lower);
        var count = step > 0 ? (last > first ? (last - first + step - 1) / step : 0) : (first > last ? (first - last + (-step) - 1) / -step : 0);
        return (first, (int)count);
    }

    private static bool IsDunder(string name) => name.StartsWith("__", StringComparison.Ordinal);

    private static PyError Refused(string name) => PyError.Sandbox($"access to '{name}' is not allowed");

    private static Undefined NoAttribute(object? target, string name) => new($"'{PyText.TypeName(target)}' object has no attribute '{name}'");
}
