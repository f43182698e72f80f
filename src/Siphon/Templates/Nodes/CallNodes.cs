using System.Runtime.CompilerServices;

namespace Siphon.Templates;

/// <summary>Argument expressions of a call, filter or test, evaluated into <see cref="CallArgs"/>.</summary>
internal sealed class ArgList(Expr[] positional, string[] names, Expr[] named)
{
    // Arguments that are all literals (the usual `.get('key')`, `strftime('%Y')`) are evaluated once; no callee mutates them.
    private readonly object?[]? _constant = names.Length == 0 && positional.Length > 0 && positional.All(p => p is ConstantExpr)
        ? positional.Select(p => ((ConstantExpr)p).Value).ToArray()
        : null;

    public static ArgList Empty { get; } = new([], [], []);

    public Expr[] Positional { get; } = positional;

    public Expr[] Named { get; } = named;

    public CallArgs Eval(EvalContext context)
    {
        if (_constant is not null) return new CallArgs(_constant, null, null);
        if (Positional.Length == 0 && names.Length == 0) return CallArgs.None;
        var values = new object?[Positional.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Positional[i].Eval(context);
        if (names.Length == 0) return new CallArgs(values, null, null);
        var namedValues = new object?[Named.Length];
        for (var i = 0; i < namedValues.Length; i++) namedValues[i] = Named[i].Eval(context);
        return new CallArgs(values, names, namedValues);
    }
}

/// <summary><c>value | name(args)</c>, resolved to its implementation when the template is compiled.</summary>
internal sealed class FilterExpr(Expr target, string name, FilterFunction function, ArgList args) : Expr
{
    /// <summary>
    /// Filters, methods and macros build strings and collections from inputs already within the limits, but some grow
    /// them (base64encode, urlencode, list of a string...): the limits apply to what they return, too.
    /// </summary>
    internal static object? Bounded(EvalContext context, object? result)
    {
        switch (result)
        {
            case string text: context.CheckLength(text.Length); break;
            case List<object?> list: context.CheckCount(list.Count); break;
            case Dictionary<string, object?> map: context.CheckCount(map.Count); break;
        }
        return result;
    }

    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var value = target.Eval(context);
        try { return Bounded(context, function(context, value, args.Eval(context))); }
        catch (PyError e) when (!e.Message.StartsWith("filter ", StringComparison.Ordinal) && !e.Message.StartsWith("sandbox", StringComparison.Ordinal))
        {
            throw new PyError($"filter '{name}': {e.Message}");
        }
    }
}

/// <summary><c>value is [not] name(args)</c>: <c>is none</c>, <c>is defined</c>, ...</summary>
internal sealed class TestExpr(Expr target, TestFunction function, ArgList args, bool negated) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return Boxes.Of(function(context, target.Eval(context), args.Eval(context)) != negated);
    }
}

/// <summary><c>name(args)</c>: a macro such as <c>now_utc()</c>; the name is looked up at run time, so a variable may shadow it.</summary>
internal sealed class CallExpr(Expr callee, ArgList args) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var target = callee.Eval(context);
        if (target is PyFunction function) return FilterExpr.Bounded(context, function.Invoke(context, args.Eval(context)));
        if (target is Undefined undefined) throw undefined.Error("call it");
        throw PyError.Type($"'{PyText.TypeName(target)}' object is not callable");
    }
}

/// <summary><c>x.name(args)</c>: an allow-listed method of a string, dict, list or datetime.</summary>
internal sealed class MethodCallExpr(Expr target, string name, ArgList args) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return FilterExpr.Bounded(context, Methods.Call(context, target.Eval(context), name, args.Eval(context)));
    }
}
