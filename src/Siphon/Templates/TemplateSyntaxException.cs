namespace Siphon.Templates;

/// <summary>A template that cannot be compiled; <see cref="Line"/> and <see cref="Column"/> are 1-based inside the template text.</summary>
public sealed class TemplateSyntaxException : TemplateException
{
    public TemplateSyntaxException(string reason, int line, int column, string source)
        : base($"template syntax error at line {line}, column {column}: {reason} (in '{TemplateText.Abbreviate(source)}')")
    {
        Reason = reason;
        Line = line;
        Column = column;
        TemplateSource = source;
    }

    public string Reason { get; }
    public int Line { get; }
    public int Column { get; }
    /// <summary>The text of the template that failed.</summary>
    public string TemplateSource { get; }
}
