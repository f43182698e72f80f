using System.Text;

namespace Siphon.Decoding;

/// <summary>
/// Maps the Python codec names manifests use (<c>utf-8</c>, <c>utf-8-sig</c>, <c>utf</c>, <c>latin-1</c>...) to
/// decoders that throw on invalid bytes, so a wrongly declared encoding is an error rather than silent U+FFFD.
/// A UTF-8 byte-order mark is always dropped, whichever UTF-8 name is used.
/// </summary>
internal static class TextEncodings
{
    public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding? Resolve(string? name)
    {
        var key = (name ?? "utf-8").Trim().ToLowerInvariant().Replace('_', '-');
        switch (key)
        {
            case "utf-8" or "utf8" or "utf" or "u8" or "utf-8-sig" or "utf8-sig" or "cp65001": return StrictUtf8;
            case "ascii" or "us-ascii": return Encoding.GetEncoding("us-ascii", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            case "latin-1" or "latin1" or "iso-8859-1" or "iso8859-1" or "l1": return Encoding.Latin1;
            case "utf-16" or "utf16": return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
            case "utf-16-le" or "utf-16le": return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
            case "utf-16-be" or "utf-16be": return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
        }
        if (key.StartsWith("cp", StringComparison.Ordinal) && int.TryParse(key.AsSpan(2), out var codePage))
            key = "windows-" + codePage;
        try
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(key, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                ?? Encoding.GetEncoding(key, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static bool IsUtf8(Encoding encoding) => encoding.CodePage == Encoding.UTF8.CodePage;

    /// <summary>Reads the <c>encoding</c> field, rejecting names no decoder knows at build time.</summary>
    public static Encoding FromField(Components.ComponentNode node, string field = "encoding") =>
        Resolve(node.Text(field)) ?? throw new Components.ComponentBuildException(node.Position, node.FieldPath(field),
            $"unknown encoding '{node.Text(field)}' (use a Python codec name such as utf-8, utf-8-sig, latin-1 or cp1252)");

    /// <summary>A UTF-8 view of a body in <paramref name="encoding"/>; UTF-8 bodies are passed through untouched.</summary>
    public static Stream AsUtf8(Stream body, Encoding encoding) =>
        IsUtf8(encoding) ? body : Encoding.CreateTranscodingStream(body, encoding, Encoding.UTF8, leaveOpen: true);
}
