using System.Text;

namespace Siphon.Templates;

/// <summary>Literal text between tags.</summary>
internal sealed class TextStmt(string text) : Stmt
{
    public string Text { get; } = text;

    public override void Render(EvalContext context, StringBuilder output) => context.Append(output, Text);
}

/// <summary><c>{{ expression }}</c>: prints Python's <c>str()</c> of the value (undefined prints nothing).</summary>
internal sealed class OutputStmt(Expr expression) : Stmt
{
    public Expr Expression { get; } = expression;

    public override void Render(EvalContext context, StringBuilder output) => context.Append(output, PyText.Str(Expression.Eval(context), context.Limits.MaxStringLength));
}

/// <summary><c>{% if %}{% elif %}{% else %}{% endif %}</c>.</summary>
internal sealed class IfStmt(Expr[] conditions, Stmt[][] bodies, Stmt[]? otherwise) : Stmt
{
    public override void Render(EvalContext context, StringBuilder output)
    {
        for (var i = 0; i < conditions.Length; i++)
        {
            if (!PyOps.Truthy(conditions[i].Eval(context))) continue;
            RenderAll(bodies[i], context, output);
            return;
        }
        if (otherwise is not null) RenderAll(otherwise, context, output);
    }
}

/// <summary>
/// <c>{% for x in xs [if cond] %}...{% else %}...{% endfor %}</c>. Iterations count against the sandbox budget, so a loop
/// over a list that the body keeps growing ends in an error rather than running forever.
/// </summary>
internal sealed class ForStmt(string[] targets, Expr iterable, Expr? filter, Stmt[] body, Stmt[]? otherwise, bool usesLoop) : Stmt
{
    public override void Render(EvalContext context, StringBuilder output)
    {
        var source = iterable.Eval(context);
        var items = source is List<object?> list ? list : PyOps.Iterate(source);
        context.PushFrame();
        try
        {
            var rendered = 0;
            var total = items.Count;
            for (var i = 0; i < items.Count; i++)
            {
                context.CountIteration();
                Bind(context, items[i]);
                if (filter is not null && !PyOps.Truthy(filter.Eval(context))) continue;
                if (usesLoop) context.Assign("loop", LoopInfo(rendered, total));
                rendered++;
                RenderAll(body, context, output);
            }
            if (rendered == 0 && otherwise is not null) RenderAll(otherwise, context, output);
        }
        finally
        {
            context.PopFrame();
        }
    }

    private void Bind(EvalContext context, object? item)
    {
        if (targets.Length == 1) { context.Assign(targets[0], item); return; }
        var parts = item as List<object?> ?? PyOps.Iterate(item) as List<object?> ?? [];
        if (parts.Count != targets.Length)
            throw new PyError($"cannot unpack {parts.Count} values into {targets.Length} loop variables");
        for (var i = 0; i < targets.Length; i++) context.Assign(targets[i], parts[i]);
    }

    private static Dictionary<string, object?> LoopInfo(int index, int length) => new(StringComparer.Ordinal)
    {
        ["index"] = (long)index + 1,
        ["index0"] = (long)index,
        ["revindex"] = (long)(length - index),
        ["revindex0"] = (long)(length - index - 1),
        ["first"] = index == 0,
        ["last"] = index == length - 1,
        ["length"] = (long)length,
    };
}

/// <summary><c>{% set x = expr %}</c>, <c>{% set a, b = pair %}</c>, and <c>{% set ns.attr = expr %}</c> on a namespace/dict.</summary>
internal sealed class SetStmt(string[] targets, string? attribute, Expr value) : Stmt
{
    public override void Render(EvalContext context, StringBuilder output)
    {
        var result = value.Eval(context);
        if (attribute is not null)
        {
            if (context.Lookup(targets[0]) is not Dictionary<string, object?> map)
                throw PyError.Type($"cannot assign attribute '{attribute}' on '{targets[0]}': it is not a namespace");
            map[attribute] = result;
            return;
        }
        if (targets.Length == 1) { context.Assign(targets[0], result); return; }
        if (result is not List<object?> parts || parts.Count != targets.Length)
            throw new PyError($"cannot unpack {PyText.TypeName(result)} into {targets.Length} variables");
        for (var i = 0; i < targets.Length; i++) context.Assign(targets[i], parts[i]);
    }
}

/// <summary><c>{% set x %}...{% endset %}</c>: captures rendered text into a variable.</summary>
internal sealed class SetBlockStmt(string target, Stmt[] body) : Stmt
{
    public override void Render(EvalContext context, StringBuilder output)
    {
        var captured = new StringBuilder();
        RenderAll(body, context, captured);
        context.Assign(target, captured.ToString());
    }
}
