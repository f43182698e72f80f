using System.Diagnostics;

namespace Siphon.Cli.Tests.Support;

/// <summary>Runs the real `siphon` program as a child process, as a user or the Airbyte platform would.</summary>
public static class SiphonProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Task<Result> RunAsync(params string[] args) =>
        RunProgramAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "siphon.dll"), .. args], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    /// <summary>Runs <paramref name="program"/> from the repository root and collects its output.</summary>
    public static async Task<Result> RunProgramAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static string RepositoryRoot => SharedTestData.RepositoryRoot;
}
