using System.Numerics;

namespace Siphon.Decoding;

/// <summary>
/// What both CSV paths share (Sep over characters in <see cref="CsvDecoder"/>, <see cref="Utf8CsvReader"/> over bytes):
/// RFC 4180 unquoting and the errors they raise, so a body fails with the same words whichever path reads it.
/// </summary>
internal static class CsvRules
{
    /// <summary>
    /// Removes RFC 4180 quoting into <paramref name="text"/> (at least as long as <paramref name="raw"/>; it may be the
    /// same memory, as the value only shrinks) and returns the length: <c>"a""b"</c> is <c>a"b</c>; text after the
    /// closing quote is kept; a value that does not start with a quote is copied as it is.
    /// </summary>
    public static int Unquote<T>(ReadOnlySpan<T> raw, Span<T> text) where T : unmanaged, INumberBase<T>
    {
        var quote = T.CreateTruncating('"');
        if (raw.Length == 0 || raw[0] != quote)
        {
            raw.CopyTo(text);
            return raw.Length;
        }
        if (raw.Length >= 2 && raw[^1] == quote && raw[1..^1].IndexOf(quote) < 0)
        {
            raw[1..^1].CopyTo(text);
            return raw.Length - 2;
        }
        var length = 0;
        var quoted = true;
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quoted && c == quote)
            {
                if (i + 1 < raw.Length && raw[i + 1] == quote) { text[length++] = quote; i++; }
                else quoted = false;
            }
            else text[length++] = c;
        }
        return length;
    }

    public static DecodeException LooksLikeHtml(DecodeContext context, ReadOnlySpan<char> header) =>
        new(context, $"expected CSV but the body looks like HTML ({BodyPreview.Quote(header)})", 0, 1, failure: DecodeFailure.ErrorPage);

    public static DecodeException TooManyValues(DecodeContext context, int row, int line, int values, int columns, char delimiter) =>
        new(context, $"CSV row {row} (line {line}) has {values} values but the header has {columns} columns (is the delimiter '{(delimiter == '\t' ? "\\t" : delimiter.ToString())}' right?)", line: line);

    /// <summary>A quote left open at the end of the body, in the header (<paramref name="row"/> 0, line 1) or a row.</summary>
    public static DecodeException UnclosedQuote(DecodeContext context, int row, int line)
    {
        if (row == 0) line = 1;
        var what = row == 0 ? "the CSV header row" : $"CSV row {row}";
        return new DecodeException(context, $"{what} (line {line}) has an unclosed quote that runs to the end of the body", line: line);
    }

    public static DecodeException NotText(DecodeContext context, int row, Exception? inner = null) =>
        new(context, $"the body is not valid text in the declared encoding near CSV row {row} (set encoding to the body's, e.g. latin-1 or cp1252)", inner: inner);
}
