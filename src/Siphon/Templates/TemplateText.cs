namespace Siphon.Templates;

/// <summary>Small text helpers for messages about a template.</summary>
internal static class TemplateText
{
    /// <summary>Long templates (a whole Jinja block) would drown the message; keep the head, on one line.</summary>
    public static string Abbreviate(string source, int max = 120)
    {
        var oneLine = source.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max), "…");
    }

    public static bool HasTemplateSyntax(string text) => text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal) || text.Contains("{#", StringComparison.Ordinal);
}
