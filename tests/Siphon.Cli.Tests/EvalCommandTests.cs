using System.CommandLine;
using Siphon.Cli.Commands;

namespace Siphon.Cli.Tests;

/// <summary><c>siphon eval</c>: the typed result as JSON on success; the error alone and exit code 1 on failure.</summary>
public sealed class EvalCommandTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { EvalCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(["eval", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString().Trim(), error.ToString().Trim());
    }

    [Fact]
    public void Eval_Arithmetic_PrintsTypedJson() => Assert.Equal((0, "3", ""), Run("{{ 1 + 2 }}"));

    [Fact]
    public void Eval_WithVarsAndPinnedClock_PrintsResult()
    {
        var (exit, output, _) = Run("{{ record.id ~ '@' ~ now_utc().strftime('%Y') }}", "--var", "record={\"id\": 7}", "--now", "2024-01-02T00:00:00Z");
        Assert.Equal(0, exit);
        Assert.Equal("\"7@2024\"", output);
    }

    [Fact]
    public void Eval_VarThatIsNotJson_IsAString() => Assert.Equal((0, "\"hi!\"", ""), Run("{{ x ~ '!' }}", "--var", "x=hi"));

    [Fact]
    public void Eval_ConfigFile_BindsConfig()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"ids": [1, 2]}""");
            var (exit, output, _) = Run("{{ config['ids'] | length }}", "--config", file);
            Assert.Equal((0, "2"), (exit, output));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Eval_Condition_PrintsBoolean() => Assert.Equal((0, "true", ""), Run("{{ none }}", "--condition"));

    [Fact]
    public void Eval_UndefinedVariable_PrintsErrorAndExitsOne()
    {
        var (exit, output, error) = Run("{{ nope }}");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal("error: undefined variable 'nope' (this template can use: config, and the macros) (in template '{{ nope }}')", error);
    }

    [Fact]
    public void Eval_SyntaxError_PrintsPositionWithoutStackTrace()
    {
        var (exit, _, error) = Run("{{ 1 + }}");
        Assert.Equal(1, exit);
        Assert.StartsWith("error: template syntax error at line 1, column 8", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Siphon.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_MissingConfigFile_IsAUsageError()
    {
        var (exit, _, error) = Run("{{ 1 }}", "--config", "/nonexistent/config.json");
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
