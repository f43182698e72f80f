using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

/// <summary>
/// The install the README gives: the CLI packed as a .NET tool from this repository and installed from that local
/// package, then run as a user would once it is on the PATH.
/// </summary>
[Trait("Category", "Long")]
public sealed class ToolInstallTests : IDisposable
{
    private readonly TempFolder _dir = new("siphon-tool-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Install_FromALocallyPackedNupkg_PutsAWorkingSiphonOnThePath()
    {
        var packages = _dir.File("nupkg");
        var tools = _dir.File("tools");
        var noEnvironment = new Dictionary<string, string>();

        var pack = await SiphonProcess.RunProgramAsync("dotnet", ["pack", "src/Siphon.Cli", "-c", "Release", "-o", packages], noEnvironment, TimeSpan.FromMinutes(10));
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        var install = await SiphonProcess.RunProgramAsync("dotnet",
            ["tool", "install", "Siphon.Cli", "--tool-path", tools, "--add-source", packages], noEnvironment, TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);

        var onPath = new Dictionary<string, string> { ["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") };
        var version = await SiphonProcess.RunProgramAsync(Path.Combine(tools, "siphon"), ["--version"], onPath, TimeSpan.FromMinutes(1));
        var demo = await SiphonProcess.RunProgramAsync(Path.Combine(tools, "siphon"), ["demo", "--output", _dir.File("demo.duckdb"), "--rows", "500"], onPath, TimeSpan.FromMinutes(3));

        Assert.StartsWith("0.1.0+", version.StandardOutput.Trim());
        Assert.True(demo.ExitCode == 0, demo.StandardOutput + demo.StandardError);
        // The demo's next steps name the command the user now has.
        Assert.Contains("  Validate a manifest: siphon validate MANIFEST", demo.StandardOutput);
    }
}
