using Siphon.Manifest;

namespace Siphon.Cli;

/// <summary>
/// Human-readable messages on stderr: coloured on a terminal, plain otherwise, never wrapped (an error line
/// must stay one line so editors and scripts can jump to <c>file:line:col</c>).
/// </summary>
internal static class Output
{
    private static bool Colour => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    private static string Paint(string text, string ansi) => Colour ? $"\u001b[{ansi}m{text}\u001b[0m" : text;

    public static void Error(string message) => Console.Error.WriteLine($"{Paint("error:", "31")} {message}");

    public static void Problem(ManifestError problem)
    {
        var label = problem.Severity switch
        {
            ManifestSeverity.Error => Paint("error", "31"),
            ManifestSeverity.Unsupported => Paint("unsupported", "33"),
            _ => Paint("warning", "90"),
        };
        Console.Error.WriteLine($"{label}: {problem}");
    }
}
