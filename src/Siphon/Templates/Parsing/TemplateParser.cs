namespace Siphon.Templates;

/// <summary>
/// A recursive-descent parser for the Jinja subset manifests use, following Jinja's own grammar and precedence
/// (filters bind tighter than arithmetic, <c>**</c> is left-associative, comparisons chain). Statements live here,
/// expressions in the other half of this class. Nesting is bounded so a hostile template cannot overflow the stack.
/// </summary>
internal sealed partial class TemplateParser
{
    public const int MaxNesting = 100;

    /// <summary>Operators in one <c>{{ }}</c> or tag; a chain of operators is a tree as deep as the chain, so this bounds evaluation depth.</summary>
    public const int MaxOperators = 1000;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private readonly HashSet<string> _loads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stores = new(StringComparer.Ordinal);
    private int _pos;
    private int _depth;
    private int _operators;
    private bool _usesLoop;

    private TemplateParser(string source)
    {
        _source = source;
        _tokens = TemplateLexer.Tokenize(source);
    }

    public static ParsedTemplate Parse(string source)
    {
        var parser = new TemplateParser(source);
        var (body, _) = parser.ParseBody([]);
        var free = parser._loads
            .Where(name => !parser._stores.Contains(name) && !Builtins.IsGlobal(name) && !(name == "loop" && parser._usesLoop))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return new ParsedTemplate(body, free);
    }

    private Token Current => _tokens[_pos];

    private Token PeekAt(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private Token Advance() => _tokens[_pos++];

    private TemplateSyntaxException Error(string reason, Token? at = null) => SourcePositions.Error(_source, (at ?? Current).Offset, reason);

    private Token Expect(TokenKind kind, string? value = null, string? what = null)
    {
        var token = Current;
        if (token.Kind != kind || (value is not null && token.Value != value))
            throw Error($"expected {what ?? (value is null ? kind.ToString().ToLowerInvariant() : $"'{value}'")} but found {token.Describe()}");
        return Advance();
    }

    private string ExpectName(string what) => Expect(TokenKind.Name, null, what).Value;

    /// <summary>Parses statements until one of <paramref name="endTags"/> opens a block; the block's name token is left current.</summary>
    private (Stmt[] Body, string? EndTag) ParseBody(string[] endTags)
    {
        var body = new List<Stmt>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Text:
                    Advance();
                    body.Add(new TextStmt(token.Value));
                    break;
                case TokenKind.VariableBegin:
                    Advance();
                    _operators = 0;
                    var expression = ParseTupleExpression();
                    Expect(TokenKind.VariableEnd, null, "'}}'");
                    body.Add(new OutputStmt(expression));
                    break;
                case TokenKind.BlockBegin:
                    Advance();
                    _operators = 0;
                    var tag = Current;
                    if (tag.Kind != TokenKind.Name) throw Error("expected a tag name such as 'if', 'for' or 'set'");
                    if (Array.IndexOf(endTags, tag.Value) >= 0) return ([.. body], tag.Value);
                    Advance();
                    Enter();
                    body.Add(tag.Value switch
                    {
                        "if" => ParseIf(),
                        "for" => ParseFor(),
                        "set" => ParseSet(),
                        "elif" or "else" or "endif" or "endfor" or "endset" => throw Error($"unexpected '{tag.Value}'" + (endTags.Length > 0 ? $" (expected {Describe(endTags)})" : ""), tag),
                        _ => throw Error($"unknown or unsupported tag '{tag.Value}' (supported: if, for, set)", tag),
                    });
                    _depth--;
                    break;
                case TokenKind.End:
                    if (endTags.Length > 0) throw Error($"missing {Describe(endTags)} before the end of the template");
                    return ([.. body], null);
                default:
                    throw Error($"unexpected {token.Describe()}");
            }
        }
    }

    private static string Describe(string[] tags) => string.Join(" or ", tags.Select(t => $"{{% {t} %}}"));

    private Stmt ParseIf()
    {
        var conditions = new List<Expr> { ParseExpression() };
        ExpectBodyStart();
        var bodies = new List<Stmt[]>();
        Stmt[]? otherwise = null;
        while (true)
        {
            var (body, tag) = ParseBody(["elif", "else", "endif"]);
            bodies.Add(body);
            Advance();
            if (tag == "elif")
            {
                conditions.Add(ParseExpression());
                ExpectBodyStart();
                continue;
            }
            if (tag == "else")
            {
                ExpectBodyStart();
                (otherwise, _) = ParseBody(["endif"]);
                Advance();
            }
            Expect(TokenKind.BlockEnd, null, "'%}'");
            return new IfStmt([.. conditions], [.. bodies], otherwise);
        }
    }

    private Stmt ParseFor()
    {
        var targets = ParseTargets();
        Expect(TokenKind.Name, "in");
        var iterable = ParseTupleExpression(withCondition: false);
        Expr? filter = null;
        if (Current.IsName("if"))
        {
            Advance();
            filter = ParseExpression();
        }
        if (Current.IsName("recursive")) throw Error("recursive loops are not supported");
        ExpectBodyStart();
        var (body, tag) = ParseBody(["else", "endfor"]);
        Advance();
        Stmt[]? otherwise = null;
        if (tag == "else")
        {
            ExpectBodyStart();
            (otherwise, _) = ParseBody(["endfor"]);
            Advance();
        }
        Expect(TokenKind.BlockEnd, null, "'%}'");
        return new ForStmt(targets, iterable, filter, body, otherwise, _usesLoop);
    }

    private Stmt ParseSet()
    {
        if (Current.Kind == TokenKind.Name && PeekAt(1).IsOperator(".") && PeekAt(2).Kind == TokenKind.Name)
        {
            var owner = Advance().Value;
            Advance();
            var attribute = Advance().Value;
            _loads.Add(owner);
            Expect(TokenKind.Operator, "=");
            var assigned = ParseTupleExpression();
            Expect(TokenKind.BlockEnd, null, "'%}'");
            return new SetStmt([owner], attribute, assigned);
        }
        var targets = ParseTargets();
        if ((Current.Kind == TokenKind.BlockEnd || Current.IsOperator(":")) && targets.Length == 1)
        {
            ExpectBodyStart();
            var (body, _) = ParseBody(["endset"]);
            Advance();
            Expect(TokenKind.BlockEnd, null, "'%}'");
            return new SetBlockStmt(targets[0], body);
        }
        Expect(TokenKind.Operator, "=");
        var value = ParseTupleExpression();
        Expect(TokenKind.BlockEnd, null, "'%}'");
        return new SetStmt(targets, null, value);
    }

    /// <summary>
    /// The <c>%}</c> that opens a block's body. Jinja accepts a colon before it, for Python's sake
    /// (<c>{% for p in items: %}</c>, <c>{% else: %}</c>), but not after an end tag.
    /// </summary>
    private void ExpectBodyStart()
    {
        if (Current.IsOperator(":")) Advance();
        Expect(TokenKind.BlockEnd, null, "'%}'");
    }

    private string[] ParseTargets()
    {
        var parenthesized = Current.IsOperator("(");
        if (parenthesized) Advance();
        var names = new List<string>();
        do
        {
            var name = ExpectName("a variable name");
            if (name.StartsWith("__", StringComparison.Ordinal)) throw Error($"'{name}' is not an allowed variable name");
            names.Add(name);
            _stores.Add(name);
            if (!Current.IsOperator(",")) break;
            Advance();
        }
        while (Current.Kind == TokenKind.Name);
        if (parenthesized) Expect(TokenKind.Operator, ")");
        return [.. names];
    }
}
