using Siphon.Templates;

namespace Siphon.Tests.Templates;

/// <summary>
/// Random templates assembled from template-ish fragments (fixed seeds, so failures reproduce) must either work or fail
/// with a <see cref="TemplateException"/> whose message is ours, never an internal exception leaking out.
/// </summary>
public sealed class TemplateFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{{", "}}", "{%", "%}", "{%-", "-%}", "{#", "#}", " ", "\n", "if ", "else", "elif ", "endif", "for ", " in ", "endfor", "set ", "=", "x", "config", "record",
        ".a", ".get('a')", "['k']", "[0]", "[-1]", "[1:]", "(", ")", "[", "]", "{", "}", ",", ":", "|", "int", "length", "default('d')", "join(',')", "'s'", "\"q\"",
        "1", "0", "2.5", "-", "+", "*", "/", "//", "%", "**", "~", "==", "<", ">=", " and ", " or ", "not ", " is ", "none", "defined", "True", "None", "now_utc()",
        "duration('P1D')", "str_to_datetime('2024-01-01')", ".strftime('%Y')", "max(1, 2)", "'%02d' % 3", "[1, 2]", "{'a': 1}", "(1, 2)", "'a'.split(',')",
        ".append(1)", "loop.index", "format_datetime('2024-01-01', '%s')", "'x' * 3", "\\", "'", "\"", "__class__", "_",
    ];

    public static TheoryData<int> Seeds => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void CompileAndEvaluate_RandomTemplates_OnlyFailWithTemplateExceptions(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 1_000; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 14)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            try
            {
                var template = Template.Compile(text);
                var scope = TemplateFixture.Scope();
                template.Evaluate(scope);
                template.EvaluateCondition(scope);
            }
            catch (TemplateException e)
            {
                Assert.False(e.Message.StartsWith("evaluation failed:", StringComparison.Ordinal), $"internal error for {text}: {e.InnerException}");
            }
            catch (Exception e)
            {
                Assert.Fail($"template {text} threw {e.GetType().Name}: {e}");
            }
        }
    }
}
