namespace Siphon.Templates;

/// <summary>
/// The names of the macros and filters templates can call, for front ends that offer them (the builder's completion):
/// read from the tables the compiler uses, so a front end never lists one the engine does not have.
/// </summary>
public static class TemplateLibrary
{
    public static IReadOnlyList<string> Macros { get; } = [.. Builtins.Names.Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> Filters { get; } = [.. Templates.Filters.Names.Order(StringComparer.Ordinal)];
}
