using Siphon.Templates;

namespace Siphon.Tests.Templates;

/// <summary>
/// The table-driven specification of the template language (<c>TemplateCases.json</c>): each row is a template and its
/// expected typed result written as Python's <c>repr</c> (so 5, 5.0, '5' and (5,) are told apart), and the rows were
/// checked against Jinja 3.1 with the reference's filters and literal typing wherever the reference's behaviour is known.
/// </summary>
public sealed class TemplateCaseTests
{
    public static IEnumerable<object?[]> EvaluateCases => TemplateFixture.Table("evaluate");
    public static IEnumerable<object?[]> ConditionCases => TemplateFixture.Table("condition");
    public static IEnumerable<object?[]> ErrorCases => TemplateFixture.Table("errors");
    public static IEnumerable<object?[]> SyntaxCases => TemplateFixture.Table("syntax");

    [Theory]
    [MemberData(nameof(EvaluateCases))]
    public void Evaluate_Case_ReturnsTypedResult(string template, string expected)
    {
        var result = Template.Compile(template).Evaluate(TemplateFixture.Scope());
        Assert.Equal(expected, TemplateFixture.Describe(result));
    }

    [Theory]
    [MemberData(nameof(ConditionCases))]
    public void EvaluateCondition_Case_FollowsReferenceTruthiness(string template, bool expected) =>
        Assert.Equal(expected, Template.Compile(template).EvaluateCondition(TemplateFixture.Scope()));

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void Evaluate_FailingTemplate_ThrowsEvaluationErrorWithMessage(string template, string expectedFragment)
    {
        var compiled = Template.Compile(template);
        var error = Assert.Throws<TemplateEvaluationException>(() => compiled.Evaluate(TemplateFixture.Scope()));
        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.Contains(TemplateText.Abbreviate(template), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SyntaxCases))]
    public void Compile_BadSyntax_ThrowsWithLineAndColumn(string template, long line, long column, string expectedFragment)
    {
        var error = Assert.Throws<TemplateSyntaxException>(() => Template.Compile(template));
        Assert.Contains(expectedFragment, error.Reason, StringComparison.Ordinal);
        Assert.Equal((line, column), ((long)error.Line, (long)error.Column));
        Assert.StartsWith($"template syntax error at line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }
}
