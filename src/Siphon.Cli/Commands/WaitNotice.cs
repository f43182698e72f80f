using Siphon.Runs;

namespace Siphon.Cli.Commands;

/// <summary>How the CLI says that a request is still waiting for its response headers (the URL is already masked).</summary>
internal static class WaitNotice
{
    public static string Text(HttpStillWaiting waiting) =>
        $"{waiting.Step}: still waiting for the response to {waiting.Method} {waiting.Url} ({waiting.Waited.TotalSeconds:0} s so far, attempt {waiting.Attempt})";
}
