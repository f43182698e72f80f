using System.Runtime.CompilerServices;

namespace Siphon.Templates;

/// <summary>An arithmetic or concatenation operator: <c>+ - * / // % ** ~</c>.</summary>
internal sealed class BinaryExpr(string op, Expr left, Expr right) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var a = left.Eval(context);
        var b = right.Eval(context);
        switch (op)
        {
            case "+": return PyOps.Add(context, a, b);
            case "-": return PyOps.Subtract(a, b);
            case "*": return PyOps.Multiply(context, a, b);
            case "/": return PyOps.Divide(a, b);
            case "//": return PyOps.FloorDivide(a, b);
            case "%": return PyOps.Modulo(context, a, b);
            case "**": return PyOps.Power(a, b);
            case "~":
                var sa = PyText.Str(a, context.Limits.MaxStringLength);
                var sb = PyText.Str(b, context.Limits.MaxStringLength);
                context.CheckLength((long)sa.Length + sb.Length);
                return string.Concat(sa, sb);
            default: throw new InvalidOperationException($"unknown operator {op}");
        }
    }
}

/// <summary><c>-x</c>, <c>+x</c>, <c>not x</c>.</summary>
internal sealed class UnaryExpr(string op, Expr operand) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var value = operand.Eval(context);
        return op switch
        {
            "not" => Boxes.Of(!PyOps.Truthy(value)),
            "-" => PyOps.Negate(value),
            _ => PyOps.Plus(value),
        };
    }
}

/// <summary><c>a and b</c> / <c>a or b</c>: short-circuit, yielding an operand as Python does (<c>x or []</c>).</summary>
internal sealed class LogicalExpr(bool isAnd, Expr left, Expr right) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var a = left.Eval(context);
        return PyOps.Truthy(a) == isAnd ? right.Eval(context) : a;
    }
}

/// <summary>A comparison chain: <c>a &lt; b &lt;= c</c>, <c>==</c>, <c>!=</c>, <c>in</c>, <c>not in</c>.</summary>
internal sealed class CompareExpr(Expr first, string[] operators, Expr[] operands) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var left = first.Eval(context);
        for (var i = 0; i < operators.Length; i++)
        {
            var right = operands[i].Eval(context);
            var holds = operators[i] switch
            {
                "==" => PyOps.Equals(left, right, context),
                "!=" => !PyOps.Equals(left, right, context),
                "<" => PyOps.Compare(left, right, "<", context) < 0,
                "<=" => PyOps.Compare(left, right, "<=", context) <= 0,
                ">" => PyOps.Compare(left, right, ">", context) > 0,
                ">=" => PyOps.Compare(left, right, ">=", context) >= 0,
                "in" => PyOps.Contains(right, left, context),
                "not in" => !PyOps.Contains(right, left, context),
                _ => throw new InvalidOperationException(operators[i]),
            };
            if (!holds) return Boxes.False;
            left = right;
        }
        return Boxes.True;
    }
}

/// <summary><c>a if c else b</c>; without <c>else</c> a false condition yields undefined (prints as nothing), as in Jinja.</summary>
internal sealed class ConditionalExpr(Expr test, Expr then, Expr? otherwise) : Expr
{
    public override object? Eval(EvalContext context)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return PyOps.Truthy(test.Eval(context)) ? then.Eval(context) : otherwise is null ? Undefined.Instance : otherwise.Eval(context);
    }
}
