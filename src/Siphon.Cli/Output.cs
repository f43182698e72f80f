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

    public static void Error(string message) => Error(message, Console.Error);

    public static void Error(string message, TextWriter to) => to.WriteLine($"{Paint("error:", "31")} {message}");

    public static void Problem(ManifestError problem) => Problem(problem, Console.Error);

    public static void Problem(ManifestError problem, TextWriter to)
    {
        // Errors print exactly as `file:line:col: path: message`; other problems say what they are at the end.
        var line = problem.Severity switch
        {
            ManifestSeverity.Error => Paint(problem.ToString(), "31"),
            ManifestSeverity.Unsupported => Paint($"{problem} (unsupported: {Siphon.Components.UnsupportedScope.Effect(problem.Path)})", "33"),
            _ => Paint($"{problem} (warning)", "90"),
        };
        to.WriteLine(line);
    }
}
