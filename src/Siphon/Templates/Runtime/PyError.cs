namespace Siphon.Templates;

/// <summary>
/// An evaluation failure raised deep inside operators, filters or methods, which do not know the template;
/// <see cref="Template"/> turns it into a <see cref="TemplateEvaluationException"/> naming the template.
/// </summary>
internal sealed class PyError(string message, bool readsUndefined = false) : Exception(message)
{
    /// <summary>True when the failure is reading from an undefined value (Jinja's UndefinedError), which conditions treat as false.</summary>
    public bool ReadsUndefined { get; } = readsUndefined;

    /// <summary>Nesting deeper than this in printing, comparing or parsing values is refused (self-containing lists, hostile literals).</summary>
    public const int MaxValueDepth = 200;

    public static PyError Type(string message) => new($"type error: {message}");

    public static PyError Sandbox(string message) => new($"sandbox: {message}");

    public static void CheckDepth(int depth)
    {
        if (depth > MaxValueDepth) throw new PyError($"value nesting deeper than {MaxValueDepth} levels (a list that contains itself?)");
    }
}
