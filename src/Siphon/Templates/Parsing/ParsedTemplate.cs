namespace Siphon.Templates;

/// <summary>What the parser produces: the statement tree and the names the template reads from its scope.</summary>
internal sealed record ParsedTemplate(Stmt[] Body, string[] FreeNames);
