using System.Text;

namespace Siphon.Templates;

/// <summary>An expression node of a compiled template: built once, evaluated many times, holding no per-evaluation state.</summary>
internal abstract class Expr
{
    public abstract object? Eval(EvalContext context);

    /// <summary>True when the node always yields the same scalar, so the parser can fold it.</summary>
    public virtual bool IsConstant => false;
}

/// <summary>A statement node: text, <c>{{ }}</c> output, or a <c>{% %}</c> tag, rendering into the output.</summary>
internal abstract class Stmt
{
    public abstract void Render(EvalContext context, StringBuilder output);

    public static void RenderAll(Stmt[] body, EvalContext context, StringBuilder output)
    {
        foreach (var statement in body) statement.Render(context, output);
    }
}

internal delegate object? FilterFunction(EvalContext context, object? value, CallArgs args);

internal delegate bool TestFunction(EvalContext context, object? value, CallArgs args);
