namespace Siphon.Templates;

/// <summary>A literal scalar (<c>'a'</c>, <c>5</c>, <c>True</c>, <c>none</c>) or a folded constant.</summary>
internal sealed class ConstantExpr(object? value) : Expr
{
    public object? Value { get; } = value;

    public override bool IsConstant => true;

    public override object? Eval(EvalContext context) => Value;
}

/// <summary>A list literal; built fresh on every evaluation because templates may <c>append</c> to it.</summary>
internal sealed class ListExpr(Expr[] items, bool tuple) : Expr
{
    public Expr[] Items { get; } = items;

    public bool IsTuple { get; } = tuple;

    public override object? Eval(EvalContext context)
    {
        List<object?> list = IsTuple ? new PyTuple() : new List<object?>(Items.Length);
        foreach (var item in Items) list.Add(item.Eval(context));
        return list;
    }
}

/// <summary>A dict literal. Keys are strings in the value model, so other keys are converted with <c>str()</c>.</summary>
internal sealed class DictExpr(Expr[] keys, Expr[] values) : Expr
{
    public override object? Eval(EvalContext context)
    {
        var map = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i].Eval(context);
            if (key is List<object?> or Dictionary<string, object?>) throw PyError.Type($"unhashable type: '{PyText.TypeName(key)}'");
            map[PyText.Str(key)] = values[i].Eval(context);
        }
        return map;
    }
}

/// <summary>A variable: the template's own (<c>set</c>, loop targets) first, then the scope, then the macros.</summary>
internal sealed class NameExpr(string name) : Expr
{
    public string Name { get; } = name;

    public override object? Eval(EvalContext context) => context.Lookup(Name);
}
