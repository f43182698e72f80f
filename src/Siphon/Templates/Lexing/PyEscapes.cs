using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>Python's backslash escapes in string literals, shared by the template lexer and the literal parser.</summary>
internal static class PyEscapes
{
    /// <summary>Decodes the escape whose first character (after the backslash) is at <paramref name="pos"/>; returns the next position.</summary>
    public static int Decode(string s, int pos, StringBuilder into)
    {
        var c = s[pos++];
        switch (c)
        {
            case 'n': into.Append('\n'); return pos;
            case 't': into.Append('\t'); return pos;
            case 'r': into.Append('\r'); return pos;
            case '\\': into.Append('\\'); return pos;
            case '\'': into.Append('\''); return pos;
            case '"': into.Append('"'); return pos;
            case 'a': into.Append('\a'); return pos;
            case 'b': into.Append('\b'); return pos;
            case 'f': into.Append('\f'); return pos;
            case 'v': into.Append('\v'); return pos;
            case '\n': return pos;
            case 'x': return Hex(s, pos, 2, into, c);
            case 'u': return Hex(s, pos, 4, into, c);
            case 'U': return Hex(s, pos, 8, into, c);
            case >= '0' and <= '7':
                var value = c - '0';
                for (var i = 0; i < 2 && pos < s.Length && s[pos] is >= '0' and <= '7'; i++) value = value * 8 + (s[pos++] - '0');
                into.Append((char)value);
                return pos;
            default:
                // Python keeps unknown escapes as written, which is what makes '\d+' usable as a regex.
                into.Append('\\').Append(c);
                return pos;
        }
    }

    private static int Hex(string s, int pos, int digits, StringBuilder into, char kind)
    {
        if (pos + digits > s.Length || !int.TryParse(s.AsSpan(pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            into.Append('\\').Append(kind);
            return pos;
        }
        if (code is >= 0xD800 and <= 0xDFFF || code > 0x10FFFF) into.Append((char)(code & 0xFFFF));
        else into.Append(char.ConvertFromUtf32(code));
        return pos + digits;
    }
}
