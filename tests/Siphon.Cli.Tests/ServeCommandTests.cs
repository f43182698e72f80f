using System.Diagnostics;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siphon-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Serve_OnAFreePort_PrintsItsUrlAndServesTheBuilderWithItsOwnAssets()
    {
        var project = Path.Combine(_dir, "my-connector");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SiphonProcess.RepositoryRoot };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "serve", "--port", "0", "--no-browser", "--projects", _dir, "--project", project })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.NotNull(first);
            Assert.StartsWith("Siphon builder listening on http://127.0.0.1:", first);
            var launch = new Uri(first!["Siphon builder listening on ".Length..].Trim());
            using var http = new HttpClient { BaseAddress = launch };
            using var stranger = new HttpClient { BaseAddress = launch };

            var page = await http.GetStringAsync(launch, timeout.Token); // the token becomes a cookie, then the page
            var script = await http.GetAsync("_framework/blazor.web.js", timeout.Token);
            using var withoutToken = await stranger.GetAsync("/", timeout.Token);

            Assert.Contains("?token=", launch.Query);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, withoutToken.StatusCode);
            Assert.Contains("_framework/blazor.web.js", page);
            Assert.Contains("builder.css", page);
            Assert.True(script.IsSuccessStatusCode);
            Assert.True(Directory.Exists(project));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
