namespace Siphon.Templates;

/// <summary>
/// The variables a template sees (<c>config</c>, <c>parameters</c>, <c>stream_slice</c>, <c>record</c>, ...), the clock
/// (<c>now_utc()</c> reads <see cref="Time"/>) and the sandbox limits. Immutable: <see cref="With"/> makes a child
/// scope that adds or overrides one variable for the cost of one small object, so a record filter can bind
/// <c>record</c> per record without copying the parent's variables.
/// </summary>
public sealed class TemplateScope
{
    private readonly IReadOnlyDictionary<string, object?>? _variables;
    private readonly TemplateScope? _parent;
    private readonly string? _name;
    private readonly object? _value;

    public TemplateScope(IReadOnlyDictionary<string, object?>? variables = null, TimeProvider? time = null, TemplateLimits? limits = null)
    {
        _variables = variables;
        Time = time ?? TimeProvider.System;
        Limits = limits ?? TemplateLimits.Default;
    }

    private TemplateScope(TemplateScope parent, string name, object? value)
    {
        _parent = parent;
        _name = name;
        _value = value;
        Time = parent.Time;
        Limits = parent.Limits;
    }

    /// <summary>An empty scope on the system clock with default limits.</summary>
    public static TemplateScope Empty { get; } = new();

    public TimeProvider Time { get; }

    public TemplateLimits Limits { get; }

    /// <summary>A child scope in which <paramref name="name"/> is bound to <paramref name="value"/>; the rest is inherited.</summary>
    public TemplateScope With(string name, object? value) => new(this, name, value);

    /// <summary>Looks a variable up through this scope and its parents.</summary>
    public bool TryGetVariable(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._name is not null)
            {
                if (string.Equals(scope._name, name, StringComparison.Ordinal)) { value = scope._value; return true; }
            }
            else if (scope._variables is not null && scope._variables.TryGetValue(name, out value))
                return true;
        }

        // The reference makes stream_interval and stream_partition aliases of stream_slice (research §3.1).
        if (name is "stream_interval" or "stream_partition" && TryGetVariable("stream_slice", out value))
            return true;
        value = null;
        return false;
    }

    /// <summary>Every variable name visible in this scope (for error messages and the CLI).</summary>
    public IEnumerable<string> VariableNames
    {
        get
        {
            var seen = new SortedSet<string>(StringComparer.Ordinal);
            for (var scope = this; scope is not null; scope = scope._parent)
            {
                if (scope._name is not null) seen.Add(scope._name);
                else if (scope._variables is not null) seen.UnionWith(scope._variables.Keys);
            }
            return seen;
        }
    }
}
