using System.Text;

namespace Siphon.Decoding;

/// <summary>Recognises bodies that are plainly not the expected format (an HTML error page), to say so in the error.</summary>
internal static class BodyPreview
{
    public static bool LooksLikeHtml(ReadOnlySpan<char> start)
    {
        start = start.TrimStart();
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    public static bool LooksLikeHtml(ReadOnlySpan<byte> start)
    {
        Span<char> chars = stackalloc char[32];
        var n = Encoding.Latin1.GetChars(start[..Math.Min(start.Length, chars.Length)], chars);
        return LooksLikeHtml(chars[..n]);
    }

    /// <summary>The first characters of the body, quoted for an error message.</summary>
    public static string Quote(ReadOnlySpan<char> start)
    {
        var text = start.TrimStart();
        var cut = text[..Math.Min(text.Length, 40)].ToString().ReplaceLineEndings(" ");
        return $"\"{cut}{(text.Length > 40 ? "..." : "")}\"";
    }

    public static string Quote(ReadOnlySpan<byte> start) => Quote(Encoding.UTF8.GetString(start[..Math.Min(start.Length, 160)]).AsSpan());
}
