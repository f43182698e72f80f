using System.CommandLine;
using System.Diagnostics;
using Siphon.Builder;

namespace Siphon.Cli.Commands;

/// <summary>`siphon serve`: the web builder on 127.0.0.1 until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = a free port)", DefaultValueFactory = _ => 0 };
        var project = new Option<DirectoryInfo?>("--project") { Description = "A project folder (manifest.yaml + testing-values.json) to open; created when missing" };
        var projects = new Option<DirectoryInfo?>("--projects") { Description = "The folder holding your projects (default ~/.siphon/projects)" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open a browser" };
        var allowLinkLocal = new Option<bool>("--allow-link-local") { Description = "Let test reads reach link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10...), refused by default" };
        var command = new Command("serve", "Run the web builder: describe streams in forms or YAML, press Test, see what the API did")
        {
            port, project, projects, noBrowser, allowLinkLocal,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new BuilderOptions { Port = parse.GetValue(port), Project = parse.GetValue(project)?.FullName, AllowLinkLocal = parse.GetValue(allowLinkLocal) };
            if (parse.GetValue(projects) is { } root) options = options with { ProjectsRoot = root.FullName };
            BuilderHost host;
            try
            {
                host = await BuilderHost.StartAsync(options, ct);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"siphon serve: cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
                return 2;
            }

            await using (host)
            {
                // The URL carries this launch's secret: only who can read this terminal can drive the builder.
                Console.WriteLine($"Siphon builder listening on {host.LaunchUrl}");
                Console.WriteLine($"Projects in {options.ProjectsRoot}{(options.Project is null ? "" : $"; opening {options.Project}")}. Ctrl+C to stop.");
                if (!parse.GetValue(noBrowser)) OpenBrowser(host.LaunchUrl);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the normal way to stop.
                }
            }

            return 0;
        });
        return command;
    }

    // Only where a desktop can show one: a server or CI has no display, and the URL printed above is enough.
    private static void OpenBrowser(Uri url)
    {
        var opener = OperatingSystem.IsMacOS() ? "open"
            : OperatingSystem.IsWindows() ? "explorer"
            : Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 } ? "xdg-open"
            : null;
        if (opener is null) return;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, url.ToString()) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No opener installed: the printed URL is enough.
        }
    }
}
