namespace Siphon.Templates;

/// <summary>A callable global (a macro such as <c>now_utc</c>, or Jinja's <c>dict</c>): only reachable by name, never built from data.</summary>
internal sealed class PyFunction(string name, Func<EvalContext, CallArgs, object?> body)
{
    public string Name { get; } = name;

    public object? Invoke(EvalContext context, CallArgs args) => body(context, args);

    public override string ToString() => $"<function {Name}>";
}
