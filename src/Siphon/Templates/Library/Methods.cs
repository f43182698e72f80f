namespace Siphon.Templates;

/// <summary>
/// The allow-list of methods a template may call on a value, dispatched on the value's type. Anything not listed
/// is an error naming the type and the method, never a reflective call.
/// </summary>
internal static partial class Methods
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
}
