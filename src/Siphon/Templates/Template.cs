using System.Text;

namespace Siphon.Templates;

/// <summary>
/// A compiled Jinja template from a manifest field. Compile once (at manifest build time), evaluate many times:
/// immutable and thread-safe after <see cref="Compile(string, string?)"/>. Plain text without <c>{{</c>, <c>{%</c> or
/// <c>{#</c> is <see cref="IsConstant"/> and evaluates without any work.
/// </summary>
public sealed partial class Template
{
    private readonly Stmt[] _body;
    private readonly Expr? _single;
    private readonly string[] _freeNames;
    private readonly IReadOnlyList<string> _variables;
    private readonly string _constantText;
    private readonly object? _constantValue;

    private Template(string source, string? field, Stmt[] body, string[] freeNames, string constantText)
    {
        Source = source;
        Field = field;
        _body = body;
        _freeNames = freeNames;
        _variables = Array.AsReadOnly(freeNames);
        _constantText = constantText;
        IsConstant = body.Length == 0 || (body.Length == 1 && body[0] is TextStmt);
        _constantValue = IsConstant ? ResultTyping.FromText(constantText) : null;
        if (body is [OutputStmt output]) _single = output.Expression;
    }

    /// <summary>Compiles <paramref name="text"/>; throws <see cref="TemplateSyntaxException"/> with a line and column inside it.</summary>
    public static Template Compile(string text) => Compile(text, null);

    /// <summary>Compiles <paramref name="text"/>, naming the manifest <paramref name="field"/> it came from in every error.</summary>
    public static Template Compile(string text, string? field)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TemplateText.HasTemplateSyntax(text))
        {
            var plain = text.EndsWith('\n') ? text[..^(text.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1)] : text;
            return new Template(text, field, plain.Length == 0 ? [] : [new TextStmt(plain)], [], plain);
        }

        var parsed = TemplateParser.Parse(text);
        // The variable is refused, as the reference refuses it; a key or field that is merely named so is no use of it.
        if (parsed.FreeNames.Contains("stream_state", StringComparer.Ordinal))
            throw SourcePositions.Error(text, StreamStateUse().Match(text) is { Success: true } use ? use.Index : 0,
                "'stream_state' is no longer supported in templates; use stream_interval (the current slice's cursor values) instead");
        var constantText = parsed.Body is [TextStmt only] ? only.Text : "";
        return new Template(text, field, parsed.Body, parsed.FreeNames, constantText);
    }

    /// <summary>Where the variable is first read: not inside a string, not an attribute of something else.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w'"".])stream_state\b")]
    private static partial System.Text.RegularExpressions.Regex StreamStateUse();

    /// <summary>The template text as written in the manifest.</summary>
    public string Source { get; }

    /// <summary>The manifest field this template came from, if the caller named it.</summary>
    public string? Field { get; }

    /// <summary>True for plain text: evaluation returns its (typed) value without work.</summary>
    public bool IsConstant { get; }

    /// <summary>The scope variables the template reads (names it assigns itself and macros excluded), for validation.</summary>
    public IReadOnlyList<string> Variables => _variables;

    /// <summary>
    /// The typed result, as the reference's interpolation returns it: the rendered text parsed as a Python literal
    /// (<c>"5"</c> → 5, <c>"[1, 2]"</c> → a list, <c>"'123'"</c> → the string "123"), or the text itself.
    /// </summary>
    public object? Evaluate(TemplateScope scope)
    {
        if (IsConstant) return _constantValue is List<object?> or Dictionary<string, object?> ? ResultTyping.Copy(_constantValue) : _constantValue;
        var context = Begin(scope);
        try
        {
            return _single is not null ? ResultTyping.FromValue(_single.Eval(context), scope.Limits.MaxStringLength) : ResultTyping.FromText(RenderBody(context));
        }
        catch (Exception e) when (e is not TemplateException) { throw Wrap(e); }
    }

    /// <summary>The raw rendered text, before any typing.</summary>
    public string Render(TemplateScope scope)
    {
        if (IsConstant) return _constantText;
        var context = Begin(scope);
        try
        {
            return _single is not null ? context.CheckString(PyText.Str(_single.Eval(context), scope.Limits.MaxStringLength)) : RenderBody(context);
        }
        catch (Exception e) when (e is not TemplateException) { throw Wrap(e); }
    }

    /// <summary>
    /// The reference's InterpolatedBoolean: false for an empty rendering and for "False", "false", "0", "0.0", "[]",
    /// "{}", "()" and values equal to them; true otherwise, including a rendered <c>None</c> (a documented quirk).
    /// </summary>
    public bool EvaluateCondition(TemplateScope scope)
    {
        object? typed;
        try { typed = Evaluate(scope); }
        catch (TemplateEvaluationException e) when (e.InnerException is PyError { ReadsUndefined: true })
        {
            // The reference catches Jinja's UndefinedError and evaluates the condition's default, "False".
            return false;
        }
        return typed is not "" && ResultTyping.IsTrueCondition(typed);
    }

    private EvalContext Begin(TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        // Like the reference, every name the template reads must exist before rendering starts, even in a branch not taken.
        foreach (var name in _freeNames)
        {
            if (scope.TryGetVariable(name, out _)) continue;
            var available = string.Join(", ", scope.VariableNames);
            throw new TemplateEvaluationException(
                $"undefined variable '{name}' (this template can use: {(available.Length == 0 ? "no variables" : available)}, and the macros)", Source, Field);
        }
        return new EvalContext(scope);
    }

    private string RenderBody(EvalContext context)
    {
        var output = new StringBuilder();
        Stmt.RenderAll(_body, context, output);
        return output.ToString();
    }

    private TemplateEvaluationException Wrap(Exception e) => e switch
    {
        PyError => new TemplateEvaluationException(e.Message, Source, Field, e),
        InsufficientExecutionStackException => new TemplateEvaluationException("sandbox: the template nests too deeply", Source, Field),
        _ => new TemplateEvaluationException($"evaluation failed: {e.Message}", Source, Field, e),
    };

    public override string ToString() => Source;
}
