using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Python's <c>ast.literal_eval</c>, which the reference applies to every rendered template to type its result:
/// numbers (<c>0x1F</c>, <c>1_000</c>, <c>1e3</c>), strings (any quoting, triple quotes, r-prefix), <c>True/False/None</c>,
/// lists, tuples, dicts and sets. Anything else (including complex numbers) is "not a literal" and the caller keeps the text.
/// Integers beyond 64 bits are refused too, so a long numeric id stays a string instead of losing digits.
/// </summary>
internal sealed class PyLiteral
{
    private readonly string _s;
    private int _pos;
    private int _depth;

    private PyLiteral(string s) => _s = s;

    public static bool TryParse(string text, out object? value)
    {
        value = null;
        if (text.Length == 0 || !CanStartLiteral(text)) return false;
        var parser = new PyLiteral(text);
        try
        {
            if (!parser.SkipLeading()) return false;
            var first = parser.ParseExpression();
            if (first is Failure) return false;
            parser.SkipSpace(false);
            if (parser.Peek() == ',')
            {
                var tuple = new PyTuple { first };
                while (parser.Peek() == ',')
                {
                    parser._pos++;
                    parser.SkipSpace(false);
                    if (parser.AtLineEnd()) break;
                    var item = parser.ParseExpression();
                    if (item is Failure) return false;
                    tuple.Add(item);
                    parser.SkipSpace(false);
                }
                first = tuple;
            }
            if (!parser.OnlyBlankRemains()) return false;
            value = first;
            return true;
        }
        catch (FormatException) { return false; }
        catch (OverflowException) { return false; }
    }

    /// <summary>Cheap rejection so that ordinary words (the usual string value) never start a parse.</summary>
    private static bool CanStartLiteral(string text)
    {
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f') continue;
            if (char.IsAsciiDigit(c) || c is '-' or '+' or '.' or '\'' or '"' or '[' or '(' or '{' or '#' or '\\') return true;
            return c is 'T' or 'F' or 'N' or 'r' or 'R' or 'u' or 'U';
        }
        return false;
    }

    private sealed class Failure
    {
        public static readonly Failure Instance = new();
    }

    private char Peek() => _pos < _s.Length ? _s[_pos] : '\0';

    /// <summary>literal_eval strips leading spaces and tabs; blank lines may precede the value but the value's own line must not be indented.</summary>
    private bool SkipLeading()
    {
        while (_pos < _s.Length && _s[_pos] is ' ' or '\t') _pos++;
        while (true)
        {
            var lineStart = _pos;
            while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\f') _pos++;
            if (_pos < _s.Length && _s[_pos] == '#') while (_pos < _s.Length && _s[_pos] != '\n') _pos++;
            if (_pos < _s.Length && _s[_pos] is '\n' or '\r') { _pos++; continue; }
            return _pos == lineStart || lineStart == 0 || _pos >= _s.Length;
        }
    }

    private void SkipSpace(bool insideBrackets)
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c is ' ' or '\t' or '\f') _pos++;
            else if (c == '\\' && _pos + 1 < _s.Length && _s[_pos + 1] == '\n') _pos += 2;
            else if (insideBrackets && c is '\n' or '\r') _pos++;
            else if (insideBrackets && c == '#') { while (_pos < _s.Length && _s[_pos] != '\n') _pos++; }
            else break;
        }
    }

    private bool AtLineEnd() => _pos >= _s.Length || _s[_pos] is '\n' or '\r' or '#';

    private bool OnlyBlankRemains()
    {
        for (; _pos < _s.Length; _pos++)
        {
            var c = _s[_pos];
            if (c == '#') { while (_pos < _s.Length && _s[_pos] != '\n') _pos++; continue; }
            if (!char.IsWhiteSpace(c)) return false;
        }
        return true;
    }

    private bool Inside => _depth > 0;

    private object? ParseExpression()
    {
        SkipSpace(Inside);
        var c = Peek();
        if (c is '-' or '+')
        {
            _pos++;
            // literal_eval accepts one sign on a number literal, not "--5" or "-(-5)".
            SkipSpace(Inside);
            if (!char.IsAsciiDigit(Peek()) && Peek() != '.') return Failure.Instance;
            var operand = ParseNumber();
            if (operand is not Failure)
            {
                SkipSpace(Inside);
                if (Peek() is '+' or '-' or '*' or '/' or '%' or '.' or '(' or '[' or '<' or '>' or '=' or '|' or '&') return Failure.Instance;
            }
            return operand switch
            {
                long l => c == '-' ? (l == long.MinValue ? Failure.Instance : -l) : l,
                double d => c == '-' ? -d : d,
                _ => Failure.Instance,
            };
        }
        var value = ParseAtom();
        if (value is Failure) return value;
        SkipSpace(Inside);
        // Any operator after an atom (complex numbers like 1+2j, arithmetic) is not a plain literal.
        return Peek() is '+' or '-' or '*' or '/' or '%' or '.' or '(' or '[' or '<' or '>' or '=' or '|' or '&' ? Failure.Instance : value;
    }

    private object? ParseAtom()
    {
        var c = Peek();
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _s.Length && char.IsAsciiDigit(_s[_pos + 1]))) return ParseNumber();
        if (c is '\'' or '"') return ParseStrings(false);
        if (c is '[' or '(' or '{') return ParseCollection(c);
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = _pos;
            while (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] == '_')) _pos++;
            var word = _s[start.._pos];
            if (Peek() is '\'' or '"')
            {
                if (word is "r" or "R") return ParseStrings(true);
                if (word is "u" or "U") return ParseStrings(false);
                return Failure.Instance;
            }
            return word switch { "True" => true, "False" => false, "None" => null, _ => Failure.Instance };
        }
        return Failure.Instance;
    }

    private object? ParseNumber()
    {
        var start = _pos;
        if (Peek() == '0' && _pos + 1 < _s.Length && char.ToLowerInvariant(_s[_pos + 1]) is 'x' or 'o' or 'b')
        {
            var radix = char.ToLowerInvariant(_s[_pos + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            _pos += 2;
            long result = 0;
            var digits = 0;
            while (_pos < _s.Length)
            {
                var ch = _s[_pos];
                if (ch == '_') { _pos++; continue; }
                var digit = char.IsAsciiDigit(ch) ? ch - '0' : char.IsAsciiLetter(ch) ? char.ToLowerInvariant(ch) - 'a' + 10 : -1;
                if (digit < 0 || digit >= radix) break;
                result = checked(result * radix + digit);
                digits++;
                _pos++;
            }
            return digits == 0 || (_pos < _s.Length && char.IsAsciiLetterOrDigit(_s[_pos])) ? Failure.Instance : result;
        }

        var isFloat = false;
        ReadDigits();
        if (Peek() == '.') { isFloat = true; _pos++; ReadDigits(); }
        if (Peek() is 'e' or 'E')
        {
            isFloat = true;
            _pos++;
            if (Peek() is '+' or '-') _pos++;
            if (!char.IsAsciiDigit(Peek())) return Failure.Instance;
            ReadDigits();
        }
        if (_pos < _s.Length && (char.IsAsciiLetterOrDigit(_s[_pos]) || _s[_pos] == '_')) return Failure.Instance; // 1j, 1abc, 1__0
        var text = _s[start.._pos];
        if (text.Contains("__", StringComparison.Ordinal) || text.EndsWith('_') || text.Contains("_.", StringComparison.Ordinal) || text.Contains("._", StringComparison.Ordinal)) return Failure.Instance;
        text = text.Replace("_", "", StringComparison.Ordinal);
        if (isFloat) return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        // Python 3 forbids leading zeros on non-zero decimal integers: "007" is not a literal.
        if (text.Length > 1 && text[0] == '0' && text.Any(ch => ch != '0')) return Failure.Instance;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer) ? integer : Failure.Instance;
    }

    private void ReadDigits()
    {
        while (_pos < _s.Length && (char.IsAsciiDigit(_s[_pos]) || (_s[_pos] == '_' && _pos + 1 < _s.Length && char.IsAsciiDigit(_s[_pos + 1])))) _pos++;
    }

    /// <summary>One or more adjacent string literals, concatenated as Python does.</summary>
    private object? ParseStrings(bool raw)
    {
        var text = new StringBuilder();
        while (true)
        {
            if (!ParseString(text, raw)) return Failure.Instance;
            var save = _pos;
            SkipSpace(Inside);
            raw = false;
            if (Peek() is 'r' or 'R' && _pos + 1 < _s.Length && _s[_pos + 1] is '\'' or '"') { raw = true; _pos++; }
            else if (Peek() is 'u' or 'U' && _pos + 1 < _s.Length && _s[_pos + 1] is '\'' or '"') _pos++;
            if (Peek() is not ('\'' or '"')) { _pos = save; return text.ToString(); }
        }
    }

    private bool ParseString(StringBuilder text, bool raw)
    {
        var quote = _s[_pos];
        var triple = _pos + 2 < _s.Length && _s[_pos + 1] == quote && _s[_pos + 2] == quote;
        _pos += triple ? 3 : 1;
        while (true)
        {
            if (_pos >= _s.Length) return false;
            var c = _s[_pos];
            if (c == quote)
            {
                if (!triple) { _pos++; return true; }
                if (_pos + 2 < _s.Length && _s[_pos + 1] == quote && _s[_pos + 2] == quote) { _pos += 3; return true; }
            }
            if (!triple && c == '\n') return false;
            if (c == '\\' && _pos + 1 < _s.Length)
            {
                if (raw) { text.Append(c).Append(_s[_pos + 1]); _pos += 2; continue; }
                if (_s[_pos + 1] == 'N') return false;
                _pos = PyEscapes.Decode(_s, _pos + 1, text);
                continue;
            }
            text.Append(c);
            _pos++;
        }
    }

    private object? ParseCollection(char open)
    {
        if (++_depth > PyError.MaxValueDepth) return Failure.Instance;
        _pos++;
        var close = open switch { '[' => ']', '(' => ')', _ => '}' };
        var items = new List<object?>();
        Dictionary<string, object?>? map = null;
        var isSet = false;
        var sawComma = false;
        while (true)
        {
            SkipSpace(true);
            if (Peek() == close) { _pos++; break; }
            var item = ParseExpression();
            if (item is Failure) return item;
            SkipSpace(true);
            if (open == '{' && !isSet && Peek() == ':')
            {
                _pos++;
                var value = ParseExpression();
                if (value is Failure) return value;
                map ??= new Dictionary<string, object?>(StringComparer.Ordinal);
                if (item is List<object?> or Dictionary<string, object?>) return Failure.Instance; // unhashable key
                map[PyText.Str(item)] = value;
                SkipSpace(true);
            }
            else if (open == '{')
            {
                if (map is not null) return Failure.Instance;
                isSet = true;
                if (items.Count > 10_000) return Failure.Instance; // deduplication is quadratic; a set this big is not a real template result
                if (item is List<object?> or Dictionary<string, object?>) return Failure.Instance;
                if (!items.Any(existing => PyOps.Equals(existing, item))) items.Add(item);
            }
            else items.Add(item);

            if (Peek() == ',') { _pos++; sawComma = true; continue; }
            SkipSpace(true);
            if (Peek() == close) { _pos++; break; }
            return Failure.Instance;
        }
        _depth--;
        if (open == '{') return map is not null ? map : isSet ? items : new Dictionary<string, object?>(StringComparer.Ordinal);
        if (open == '(')
        {
            // "(5)" is just 5; a tuple needs a comma or must be empty.
            if (items.Count == 1 && !sawComma) return items[0];
            return new PyTuple(items);
        }
        return items;
    }
}
