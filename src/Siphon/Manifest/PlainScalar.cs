namespace Siphon.Manifest;

/// <summary>
/// How the engine reads an unquoted YAML scalar, for front ends that write manifests: a string that would read back
/// as something else (<c>yes</c>, <c>1_3</c>, <c>~</c>) must be quoted. The typing itself stays internal.
/// </summary>
public static class PlainScalar
{
    /// <summary>Whether <paramref name="text"/>, written unquoted, reads back as this same string.</summary>
    public static bool ReadsAsText(string text) => YamlScalarTyping.Resolve(text) is string typed && typed == text;
}
