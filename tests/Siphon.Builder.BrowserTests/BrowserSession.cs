using Microsoft.Playwright;
using Siphon.Simulator;

namespace Siphon.Builder.BrowserTests;

/// <summary>
/// The simulator and the builder on free loopback ports, and Debian's chromium driven headless by Playwright at
/// 1280×800, as a new user would see the builder. Screenshots land in <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public SimulatorHost Simulator { get; private set; } = null!;
    public BuilderHost Builder { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ProjectsRoot { get; } = Path.Combine(Path.GetTempPath(), "siphon-browser-tests-" + Guid.NewGuid().ToString("n")[..8]);
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // Blazor re-renders after each event round trip; a loaded CI machine can take seconds.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(20_000);
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 40, Files = 2, PollsUntilDone = 1 } });
        // A short grace, so a test can see an unwatched run cancelled; the open pages of other tests always watch theirs.
        Builder = await BuilderHost.StartAsync(new BuilderOptions { ProjectsRoot = ProjectsRoot, UnwatchedTestGrace = TimeSpan.FromSeconds(3) });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in a container has no user namespaces for chromium's sandbox.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            AcceptDownloads = true,
            BaseURL = Builder.BaseUrl.ToString(),
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Builder.LaunchUrl.ToString()); // the URL `siphon serve` prints: its token becomes a cookie
        // The page is interactive once the circuit rendered it (there is no prerendering).
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project", Exact = true }).WaitForAsync();
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png") });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Builder is not null) await Builder.DisposeAsync();
        if (Simulator is not null) await Simulator.DisposeAsync();
        try { Directory.Delete(ProjectsRoot, recursive: true); }
        catch (IOException) { }
    }
}
