using System.Runtime.CompilerServices;

namespace Siphon.Templates;

/// <summary><c>x['k']</c>, <c>x[0]</c>, <c>x[-1]</c>.</summary>
internal sealed class GetItemExpr(Expr target, Expr key) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return PyAccess.GetItem(target.Eval(context), key.Eval(context));
    }
}

/// <summary><c>x.k</c>: a dict key, or a datetime attribute such as <c>.year</c>.</summary>
internal sealed class GetAttrExpr(Expr target, string name) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return PyAccess.GetAttr(target.Eval(context), name);
    }
}

/// <summary><c>s[:10]</c>, <c>xs[1:-1]</c>, <c>s[::-1]</c>.</summary>
internal sealed class SliceExpr(Expr target, Expr? start, Expr? stop, Expr? step) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return PyAccess.Slice(context, target.Eval(context), start?.Eval(context), stop?.Eval(context), step?.Eval(context));
    }
}
