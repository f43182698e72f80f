namespace Siphon.Templates;

internal enum TokenKind
{
    Text,
    VariableBegin,
    VariableEnd,
    BlockBegin,
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

/// <summary>One lexical token; <see cref="Offset"/> points into the template text for error positions.</summary>
internal readonly record struct Token(TokenKind Kind, string Value, int Offset, object? Literal = null)
{
    public bool Is(TokenKind kind, string value) => Kind == kind && string.Equals(Value, value, StringComparison.Ordinal);

    public bool IsOperator(string value) => Is(TokenKind.Operator, value);

    public bool IsName(string value) => Is(TokenKind.Name, value);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of template",
        TokenKind.VariableEnd => "'}}'",
        TokenKind.BlockEnd => "'%}'",
        TokenKind.Text => "text",
        TokenKind.String => "a string",
        _ => $"'{Value}'",
    };
}
