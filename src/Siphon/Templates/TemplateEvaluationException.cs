namespace Siphon.Templates;

/// <summary>A template that compiled but failed while being evaluated against a scope (undefined name, type error, sandbox limit).</summary>
public sealed class TemplateEvaluationException : TemplateException
{
    public TemplateEvaluationException(string reason, string source, string? field = null, Exception? inner = null)
        : base($"{reason} (in template '{TemplateText.Abbreviate(source)}'{(field is null ? "" : $" of {field}")})", inner)
    {
        Reason = reason;
        TemplateSource = source;
        Field = field;
    }

    public string Reason { get; }
    /// <summary>The text of the template that failed.</summary>
    public string TemplateSource { get; }

    /// <summary>The manifest field the template came from, when the caller named it at compile time.</summary>
    public string? Field { get; }
}
