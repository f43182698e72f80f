using System.Diagnostics;

namespace Siphon.Reliability.Tests.Support;

/// <summary>The real <c>siphon</c> program as a child process (<c>dotnet siphon.dll ...</c>), its output drained in the background.</summary>
public sealed class SiphonChild : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private SiphonChild(Process process) => _process = process;

    public static SiphonChild Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "siphon.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        var child = new SiphonChild(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>SIGKILL: no cleanup, no abort requests, no final state; exactly what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        // The process itself (it starts no children): walking the process tree first would delay the signal.
        try { _process.Kill(); }
        catch (InvalidOperationException) { /* already gone */ }
        await _process.WaitForExitAsync();
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Never leaves a child behind, even when a test fails half-way.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { /* never started or already gone */ }
        _process.Dispose();
    }

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Siphon.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
