using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Siphon.Templates;

/// <summary>
/// Splits template text into text runs and the tokens inside <c>{{ }}</c> and <c>{% %}</c>, applying Jinja's
/// whitespace control (<c>{%-</c>, <c>-%}</c>, ...) and its default of dropping one trailing newline.
/// </summary>
internal static class TemplateLexer
{
    private static readonly string[] Operators =
        ["**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", ".", ",", ":", "|", "(", ")", "[", "]", "{", "}"];

    public static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var length = source.Length;
        // Jinja's default keep_trailing_newline=False: a YAML block scalar's final newline is not output.
        if (length > 0 && source[length - 1] == '\n') length--;
        if (length > 0 && source[length - 1] == '\r') length--;

        var pos = 0;
        var trimNextText = false;
        while (pos < length)
        {
            var open = FindOpening(source, pos, length);
            var textEnd = open < 0 ? length : open;
            var stripBefore = open >= 0 && open + 2 < length && source[open + 2] == '-';
            AddText(tokens, source, pos, textEnd, trimNextText, stripBefore);
            trimNextText = false;
            if (open < 0) break;

            var kind = source[open + 1];
            pos = open + 2;
            if (pos < length && (source[pos] == '-' || source[pos] == '+')) pos++;
            if (kind == '#')
            {
                var close = source.IndexOf("#}", pos, StringComparison.Ordinal);
                if (close < 0 || close >= length) throw SourcePositions.Error(source, open, "comment is not closed with '#}'");
                trimNextText = close > pos && source[close - 1] == '-';
                pos = close + 2;
                continue;
            }

            var isBlock = kind == '%';
            if (isBlock && RawTag.Match(source, pos, length - pos) is { Success: true } raw)
            {
                pos = LexRaw(source, open, raw, length, tokens, out trimNextText);
                continue;
            }
            tokens.Add(new Token(isBlock ? TokenKind.BlockBegin : TokenKind.VariableBegin, isBlock ? "{%" : "{{", open));
            pos = LexInside(source, pos, length, isBlock, tokens, out trimNextText);
        }
        tokens.Add(new Token(TokenKind.End, "", length));
        return tokens;
    }

    private static readonly Regex RawTag = new(@"\G\s*raw\s*(-?)%\}", RegexOptions.CultureInvariant);
    private static readonly Regex EndRawTag = new(@"\{%(-?)\s*endraw\s*(-?)%\}", RegexOptions.CultureInvariant);

    /// <summary><c>{% raw %}...{% endraw %}</c>: the text between is output as written, template syntax included.</summary>
    private static int LexRaw(string source, int open, Match raw, int length, List<Token> tokens, out bool trimNext)
    {
        var start = raw.Index + raw.Length;
        var end = EndRawTag.Match(source, start, length - start);
        if (!end.Success) throw SourcePositions.Error(source, open, "'raw' block is not closed with '{% endraw %}'");
        AddText(tokens, source, start, end.Index, raw.Groups[1].Length > 0, end.Groups[1].Length > 0);
        trimNext = end.Groups[2].Length > 0;
        return end.Index + end.Length;
    }

    private static int FindOpening(string source, int from, int length)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < length; i = source.IndexOf('{', i + 1))
        {
            var next = source[i + 1];
            if (next is '{' or '%' or '#') return i;
        }
        return -1;
    }

    private static void AddText(List<Token> tokens, string source, int start, int end, bool trimStart, bool trimEnd)
    {
        if (trimStart) while (start < end && char.IsWhiteSpace(source[start])) start++;
        if (trimEnd) while (end > start && char.IsWhiteSpace(source[end - 1])) end--;
        if (end > start) tokens.Add(new Token(TokenKind.Text, source[start..end], start));
    }

    private static int LexInside(string source, int pos, int length, bool isBlock, List<Token> tokens, out bool trimNext)
    {
        // The brackets still open: "}}" inside an open dict literal closes the dict, not the block.
        var open = new Stack<char>();
        var closer = isBlock ? '%' : '}';
        while (true)
        {
            while (pos < length && char.IsWhiteSpace(source[pos])) pos++;
            if (pos >= length)
                throw SourcePositions.Error(source, pos, isBlock ? "tag is not closed with '%}'" : "expression is not closed with '}}'");

            var c = source[pos];
            if (open.Count == 0 || open.Peek() != '{')
            {
                var strip = c == '-' && Next(source, pos + 1, length) == closer && Next(source, pos + 2, length) == '}';
                if (strip || (c == closer && Next(source, pos + 1, length) == '}'))
                {
                    var at = strip ? pos + 1 : pos;
                    tokens.Add(new Token(isBlock ? TokenKind.BlockEnd : TokenKind.VariableEnd, isBlock ? "%}" : "}}", at));
                    trimNext = strip;
                    return at + 2;
                }
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = pos;
                while (pos < length && (char.IsAsciiLetterOrDigit(source[pos]) || source[pos] == '_')) pos++;
                tokens.Add(new Token(TokenKind.Name, source[start..pos], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                pos = LexNumber(source, pos, length, tokens);
            }
            else if (c is '\'' or '"')
            {
                pos = LexString(source, pos, length, tokens);
            }
            else
            {
                var op = MatchOperator(source, pos, length)
                    ?? throw SourcePositions.Error(source, pos, $"unexpected character '{c}'");
                if (op is "(" or "[" or "{") open.Push(op[0]);
                else if (op is ")" or "]" or "}" && open.Count > 0) open.Pop();
                tokens.Add(new Token(TokenKind.Operator, op, pos));
                pos += op.Length;
            }
        }
    }

    private static char Next(string source, int index, int length) => index < length ? source[index] : '\0';

    private static string? MatchOperator(string source, int pos, int length)
    {
        foreach (var op in Operators)
            if (pos + op.Length <= length && string.CompareOrdinal(source, pos, op, 0, op.Length) == 0)
                return op;
        return null;
    }

    private static int LexNumber(string source, int pos, int length, List<Token> tokens)
    {
        var start = pos;
        while (pos < length && (char.IsAsciiDigit(source[pos]) || source[pos] == '_')) pos++;
        var isFloat = false;
        if (pos + 1 < length && source[pos] == '.' && char.IsAsciiDigit(source[pos + 1]))
        {
            isFloat = true;
            pos++;
            while (pos < length && (char.IsAsciiDigit(source[pos]) || source[pos] == '_')) pos++;
        }
        if (pos < length && source[pos] is 'e' or 'E')
        {
            var save = pos;
            pos++;
            if (pos < length && source[pos] is '+' or '-') pos++;
            if (pos < length && char.IsAsciiDigit(source[pos]))
            {
                isFloat = true;
                while (pos < length && char.IsAsciiDigit(source[pos])) pos++;
            }
            else pos = save;
        }
        var text = source[start..pos].Replace("_", "", StringComparison.Ordinal);
        if (isFloat)
            tokens.Add(new Token(TokenKind.Float, text, start, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)));
        else if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
            tokens.Add(new Token(TokenKind.Integer, text, start, integer));
        else
            throw SourcePositions.Error(source, start, $"integer literal {text} is too large");
        return pos;
    }

    private static int LexString(string source, int pos, int length, List<Token> tokens)
    {
        var quote = source[pos];
        var start = pos++;
        var text = new StringBuilder();
        while (true)
        {
            if (pos >= length) throw SourcePositions.Error(source, start, "string literal is not closed");
            var c = source[pos++];
            if (c == quote) break;
            if (c != '\\') { text.Append(c); continue; }
            if (pos >= length) throw SourcePositions.Error(source, start, "string literal is not closed");
            pos = PyEscapes.Decode(source, pos, text);
        }
        tokens.Add(new Token(TokenKind.String, source[start..pos], start, text.ToString()));
        return pos;
    }
}
