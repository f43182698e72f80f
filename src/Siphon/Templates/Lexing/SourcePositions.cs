namespace Siphon.Templates;

/// <summary>Turns an offset in the template text into a 1-based line and column, only when an error needs it.</summary>
internal static class SourcePositions
{
    public static (int Line, int Column) Locate(string source, int offset)
    {
        int line = 1, column = 1;
        for (var i = 0; i < offset && i < source.Length; i++)
        {
            if (source[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return (line, column);
    }

    public static TemplateSyntaxException Error(string source, int offset, string reason)
    {
        var (line, column) = Locate(source, offset);
        return new TemplateSyntaxException(reason, line, column, source);
    }
}
