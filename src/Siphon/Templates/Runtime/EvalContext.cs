using System.Text;

namespace Siphon.Templates;

/// <summary>
/// The state of one evaluation: the caller's scope, the template's own variables (<c>{% set %}</c>, loop targets)
/// in frames, and the budgets that keep the sandbox bounded. Created per evaluation, never shared between threads.
/// </summary>
internal sealed class EvalContext(TemplateScope scope)
{
    private Frame? _frame;
    private int _iterations;
    private long _work;

    public TemplateScope Scope { get; } = scope;

    public TemplateLimits Limits { get; } = scope.Limits;

    public object? Lookup(string name)
    {
        for (var frame = _frame; frame is not null; frame = frame.Parent)
            if (frame.Variables.TryGetValue(name, out var local)) return local;
        if (Scope.TryGetVariable(name, out var value)) return value;
        if (Builtins.TryGet(name, out var function)) return function;
        return new Undefined($"'{name}' is undefined");
    }

    public void Assign(string name, object? value)
    {
        _frame ??= new Frame(null);
        _frame.Variables[name] = value;
    }

    /// <summary>A for loop's body gets its own frame: as in Jinja, a <c>set</c> inside a loop does not leak out of it.</summary>
    public void PushFrame() => _frame = new Frame(_frame);

    public void PopFrame() => _frame = _frame?.Parent;

    public void CountIteration()
    {
        if (++_iterations > Limits.MaxLoopIterations)
            throw PyError.Sandbox($"more than {Limits.MaxLoopIterations} loop iterations");
        Spend(1);
    }

    public void Spend(long units)
    {
        _work += units;
        if (_work > Limits.MaxWork)
            throw PyError.Sandbox($"the template does too much work (more than {Limits.MaxWork} steps)");
    }

    public void CheckLength(long length)
    {
        if (length > Limits.MaxStringLength)
            throw PyError.Sandbox($"a string of {length} characters exceeds the limit of {Limits.MaxStringLength}");
    }

    public string CheckString(string value)
    {
        CheckLength(value.Length);
        return value;
    }

    public void CheckCount(long count)
    {
        if (count > Limits.MaxCollectionSize)
            throw PyError.Sandbox($"a collection of {count} items exceeds the limit of {Limits.MaxCollectionSize}");
    }

    public void Append(StringBuilder output, string text)
    {
        CheckLength((long)output.Length + text.Length);
        output.Append(text);
    }

    private sealed class Frame(Frame? parent)
    {
        public Frame? Parent { get; } = parent;
        public Dictionary<string, object?> Variables { get; } = new(StringComparer.Ordinal);
    }
}
