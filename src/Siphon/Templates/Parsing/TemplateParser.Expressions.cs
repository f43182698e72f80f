namespace Siphon.Templates;

/// <summary>The expression half of the parser: Jinja's precedence ladder from conditional expressions down to primaries.</summary>
internal sealed partial class TemplateParser
{
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", "<=", ">", ">="];

    private void CountOperator()
    {
        if (++_operators > MaxOperators) throw Error($"expression has more than {MaxOperators} operators");
    }

    private void Enter()
    {
        if (++_depth > MaxNesting) throw Error($"expression nests deeper than {MaxNesting} levels");
    }

    private Expr ParseTupleExpression(bool withCondition = true)
    {
        var first = ParseExpression(withCondition);
        if (!Current.IsOperator(",")) return first;
        var items = new List<Expr> { first };
        while (Current.IsOperator(","))
        {
            Advance();
            if (Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd || Current.IsName("if")) break;
            items.Add(ParseExpression(withCondition));
        }
        return new ListExpr([.. items], tuple: true);
    }

    private Expr ParseExpression(bool withCondition = true)
    {
        Enter();
        try { return withCondition ? ParseConditional() : ParseOr(); }
        finally { _depth--; }
    }

    private Expr ParseConditional()
    {
        var expression = ParseOr();
        while (Current.IsName("if"))
        {
            Advance();
            CountOperator();
            var test = ParseOr();
            Expr? otherwise = null;
            if (Current.IsName("else"))
            {
                Advance();
                otherwise = ParseExpression();
            }
            expression = new ConditionalExpr(test, expression, otherwise);
        }
        return expression;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsName("or"))
        {
            Advance();
            CountOperator();
            left = new LogicalExpr(false, left, ParseAnd());
        }
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsName("and"))
        {
            Advance();
            CountOperator();
            left = new LogicalExpr(true, left, ParseNot());
        }
        return left;
    }

    private Expr ParseNot()
    {
        if (!Current.IsName("not")) return ParseCompare();
        Advance();
        Enter();
        try { return new UnaryExpr("not", ParseNot()); }
        finally { _depth--; }
    }

    private Expr ParseCompare()
    {
        var first = ParseMath1();
        List<string>? operators = null;
        List<Expr>? operands = null;
        while (true)
        {
            string op;
            if (Current.Kind == TokenKind.Operator && CompareOperators.Contains(Current.Value)) op = Advance().Value;
            else if (Current.IsName("in")) { Advance(); op = "in"; }
            else if (Current.IsName("not") && PeekAt(1).IsName("in")) { Advance(); Advance(); op = "not in"; }
            else break;
            CountOperator();
            (operators ??= []).Add(op);
            (operands ??= []).Add(ParseMath1());
        }
        return operators is null ? first : new CompareExpr(first, [.. operators], [.. operands!]);
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Current.IsOperator("+") || Current.IsOperator("-"))
        {
            CountOperator();
            var op = Advance().Value;
            left = new BinaryExpr(op, left, ParseConcat());
        }
        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (Current.IsOperator("~"))
        {
            Advance();
            CountOperator();
            left = new BinaryExpr("~", left, ParseMath2());
        }
        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Current.Kind == TokenKind.Operator && Current.Value is "*" or "/" or "//" or "%")
        {
            CountOperator();
            var op = Advance().Value;
            left = new BinaryExpr(op, left, ParsePow());
        }
        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary(true);
        while (Current.IsOperator("**"))
        {
            Advance();
            CountOperator();
            left = new BinaryExpr("**", left, ParseUnary(true));
        }
        return left;
    }

    private Expr ParseUnary(bool withFilter)
    {
        Expr node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Advance().Value;
            Enter();
            try
            {
                var operand = ParseUnary(false);
                node = operand is ConstantExpr { Value: long or double } constant
                    ? new ConstantExpr(op == "-" ? PyOps.Negate(constant.Value) : constant.Value)
                    : new UnaryExpr(op, operand);
            }
            finally { _depth--; }
        }
        else node = ParsePrimary();
        node = ParsePostfix(node);
        return withFilter ? ParseFilters(node) : node;
    }

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Advance();
                switch (token.Value)
                {
                    case "True" or "true": return new ConstantExpr(true);
                    case "False" or "false": return new ConstantExpr(false);
                    case "None" or "none": return new ConstantExpr(null);
                }
                if (token.Value.StartsWith("__", StringComparison.Ordinal)) throw Error($"access to '{token.Value}' is not allowed", token);
                _loads.Add(token.Value);
                if (token.Value == "loop") _usesLoop = true;
                return new NameExpr(token.Value);
            case TokenKind.String:
                Advance();
                var text = (string)token.Literal!;
                while (Current.Kind == TokenKind.String) text += (string)Advance().Literal!;
                return new ConstantExpr(text);
            case TokenKind.Integer or TokenKind.Float:
                Advance();
                return new ConstantExpr(token.Literal);
            case TokenKind.Operator when token.Value == "(":
                Advance();
                return Nested(() =>
                {
                    if (Current.IsOperator(")")) { Advance(); return new ListExpr([], tuple: true); }
                    var inner = ParseExpression();
                    if (Current.IsOperator(","))
                    {
                        var items = new List<Expr> { inner };
                        while (Current.IsOperator(","))
                        {
                            Advance();
                            if (Current.IsOperator(")")) break;
                            items.Add(ParseExpression());
                        }
                        inner = new ListExpr([.. items], tuple: true);
                    }
                    Expect(TokenKind.Operator, ")");
                    return inner;
                });
            case TokenKind.Operator when token.Value == "[":
                Advance();
                return Nested(() => new ListExpr([.. ParseSequence("]")], tuple: false));
            case TokenKind.Operator when token.Value == "{":
                Advance();
                return Nested(ParseDict);
            default:
                throw Error($"expected a value but found {token.Describe()}");
        }
    }

    private Expr Nested(Func<Expr> parse)
    {
        Enter();
        try { return parse(); }
        finally { _depth--; }
    }

    private List<Expr> ParseSequence(string close)
    {
        var items = new List<Expr>();
        while (!Current.IsOperator(close))
        {
            items.Add(ParseExpression());
            if (!Current.IsOperator(",")) break;
            Advance();
        }
        Expect(TokenKind.Operator, close);
        return items;
    }

    private Expr ParseDict()
    {
        var keys = new List<Expr>();
        var values = new List<Expr>();
        while (!Current.IsOperator("}"))
        {
            keys.Add(ParseExpression());
            Expect(TokenKind.Operator, ":");
            values.Add(ParseExpression());
            if (!Current.IsOperator(",")) break;
            Advance();
        }
        Expect(TokenKind.Operator, "}");
        return new DictExpr([.. keys], [.. values]);
    }

    private Expr ParsePostfix(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("."))
            {
                Advance();
                CountOperator();
                var member = Current;
                if (member.Kind == TokenKind.Integer)
                {
                    Advance();
                    node = new GetItemExpr(node, new ConstantExpr(member.Literal));
                    continue;
                }
                var name = ExpectName("an attribute name");
                if (name.StartsWith("__", StringComparison.Ordinal)) throw Error($"access to '{name}' is not allowed", member);
                if (Current.IsOperator("("))
                {
                    Advance();
                    node = new MethodCallExpr(node, name, ParseArguments());
                }
                else node = new GetAttrExpr(node, name);
            }
            else if (Current.IsOperator("["))
            {
                Advance();
                CountOperator();
                node = Nested(() => ParseSubscript(node));
            }
            else if (Current.IsOperator("("))
            {
                Advance();
                CountOperator();
                node = new CallExpr(node, ParseArguments());
            }
            else return node;
        }
    }

    private Expr ParseSubscript(Expr target)
    {
        Expr? start = null;
        if (!Current.IsOperator(":"))
        {
            start = ParseExpression();
            if (Current.IsOperator("]"))
            {
                Advance();
                return new GetItemExpr(target, start);
            }
        }
        // After "x[expr" only "]" or a slice's ":" can follow; a missing "]" is by far the likelier mistake, so say that.
        Expect(TokenKind.Operator, ":", "']' to close the subscript");
        Expr? stop = null, step = null;
        if (!Current.IsOperator("]") && !Current.IsOperator(":")) stop = ParseExpression();
        if (Current.IsOperator(":"))
        {
            Advance();
            if (!Current.IsOperator("]")) step = ParseExpression();
        }
        Expect(TokenKind.Operator, "]");
        return new SliceExpr(target, start, stop, step);
    }

    /// <summary>Arguments after an opening parenthesis: positional values, then <c>name=value</c> keywords.</summary>
    private ArgList ParseArguments()
    {
        Enter();
        try
        {
            var positional = new List<Expr>();
            var names = new List<string>();
            var named = new List<Expr>();
            while (!Current.IsOperator(")"))
            {
                if (Current.IsOperator("*") || Current.IsOperator("**")) throw Error("*args and **kwargs are not supported");
                if (Current.Kind == TokenKind.Name && PeekAt(1).IsOperator("="))
                {
                    names.Add(Advance().Value);
                    Advance();
                    named.Add(ParseExpression());
                }
                else
                {
                    if (names.Count > 0) throw Error("positional argument follows keyword argument");
                    positional.Add(ParseExpression());
                }
                if (!Current.IsOperator(",")) break;
                Advance();
            }
            Expect(TokenKind.Operator, ")");
            return positional.Count == 0 && names.Count == 0 ? ArgList.Empty : new ArgList([.. positional], [.. names], [.. named]);
        }
        finally { _depth--; }
    }

    private Expr ParseFilters(Expr node)
    {
        while (true)
        {
            if (Current.IsOperator("|"))
            {
                Advance();
                CountOperator();
                var nameToken = Current;
                var name = ExpectName("a filter name");
                var function = Filters.Find(name) ?? throw Error($"no filter named '{name}'", nameToken);
                ArgList args = ArgList.Empty;
                if (Current.IsOperator("("))
                {
                    Advance();
                    args = ParseArguments();
                }
                node = new FilterExpr(node, name, function, args);
            }
            else if (Current.IsName("is"))
            {
                Advance();
                CountOperator();
                var negated = false;
                if (Current.IsName("not")) { Advance(); negated = true; }
                var nameToken = Current;
                var name = nameToken.Kind == TokenKind.Operator && nameToken.Value is "==" or "!=" or "<" or "<=" or ">" or ">=" ? Advance().Value : ExpectName("a test name");
                var function = Tests.Find(name) ?? throw Error($"no test named '{name}'", nameToken);
                ArgList args = ArgList.Empty;
                if (Current.IsOperator("("))
                {
                    Advance();
                    args = ParseArguments();
                }
                else if (StartsTestArgument(Current))
                {
                    var argument = ParsePostfix(ParsePrimary());
                    args = new ArgList([argument], [], []);
                }
                node = new TestExpr(node, function, args, negated);
            }
            else return node;
        }
    }

    private static bool StartsTestArgument(Token token) => token.Kind switch
    {
        TokenKind.String or TokenKind.Integer or TokenKind.Float => true,
        TokenKind.Name => token.Value is not ("else" or "or" or "and" or "if" or "is" or "not" or "in"),
        TokenKind.Operator => token.Value is "[" or "{",
        _ => false,
    };
}
