using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class ImportedProjectBuilderTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ImportedReportManifest_RenamedEditedInFormsAndTested_ShowsEachSliceAndTheLimitBanner()
    {
        var page = await session.NewPageAsync();

        // Import an existing manifest (the repository's ads-report example) as a new project.
        var manifestFile = Path.Combine(RepositoryRoot(), "examples", "ads-report", "manifest.yaml");
        var manifest = await File.ReadAllTextAsync(manifestFile);
        await page.GetByLabel("Project name", new() { Exact = true }).FillAsync("ads");
        await page.GetByLabel("Manifest file", new() { Exact = true }).SetInputFilesAsync(manifestFile);
        await Expect(page.GetByLabel("Manifest YAML", new() { Exact = true })).ToHaveValueAsync(manifest.ReplaceLineEndings("\n"));
        await BrowserSession.ScreenshotAsync(page, "14-import");
        await page.Button("Import").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ads", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Streams" })).ToContainTextAsync("ad_reports");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Streams" })).ToContainTextAsync("async");

        // Rename the project: its folder moves with it.
        await page.Button("Rename project").ClickAsync();
        await page.GetByRole(AriaRole.Banner).Field("Project name").FillAsync("ad-reports");
        await page.Button("Save name").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ad-reports", Exact = true })).ToBeVisibleAsync();
        var projectDirectory = Path.Combine(session.ProjectsRoot, "ad-reports");
        Assert.True(File.Exists(Path.Combine(projectDirectory, "manifest.yaml")));
        Assert.False(Directory.Exists(Path.Combine(session.ProjectsRoot, "ads")));
        var manifestPath = Path.Combine(projectDirectory, "manifest.yaml");

        // Testing values for the imported inputs.
        await page.Button("Inputs").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Inputs" });
        await dialog.Field("API key").FillAsync("sim-key");
        await dialog.Field("Base URL").FillAsync(session.Simulator.BaseUrl.ToString().TrimEnd('/'));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // The partitioning and the polling policy are forms, showing what the manifest holds.
        var editor = page.Editor();
        await editor.OpenTabAsync("Creation");

        // Template fields offer the inputs with their testing values; the secret only as a mask.
        await editor.GetByRole(AriaRole.Button, new() { Name = "URL suggestions" }).ClickAsync();
        var completions = editor.GetByRole(AriaRole.Listbox, new() { Name = "URL completions" });
        await Expect(completions.GetByRole(AriaRole.Option).Filter(new() { HasText = "{{ config['base_url'] }}" }))
            .ToContainTextAsync("base_url = " + session.Simulator.BaseUrl.ToString().TrimEnd('/'));
        await Expect(completions.GetByRole(AriaRole.Option).Filter(new() { HasText = "{{ config['api_key'] }}" })).ToContainTextAsync("api_key = " + Editing.TemplateCheck.SecretMask);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Close suggestions" }).ClickAsync();
        Assert.DoesNotContain("sim-key", await page.ContentAsync());

        await Expect(editor.Field("Partition Values")).ToHaveValueAsync("{{ config.get('report_types', ['campaigns', 'keywords']) }}");
        await Expect(editor.Field("Partition Cursor Field")).ToHaveValueAsync("report_type");
        await editor.TypeAsync("Partition Values", "campaigns, keywords");
        await SyncStreamBuilderTests.SavedContainingAsync(manifestPath, "values:\n          - campaigns\n          - keywords\n");
        await BrowserSession.ScreenshotAsync(page, "15-partitioning-form");
        await editor.OpenTabAsync("Polling");
        // A component the stream does not have yet is folded away until it is opened.
        await Expect(editor.Field("Initial Interval")).Not.ToBeVisibleAsync();
        await editor.Locator("summary", new() { HasText = "Polling policy" }).ClickAsync();
        await Expect(editor.Field("Initial Interval")).ToHaveValueAsync("");
        await editor.TypeAsync("Initial Interval", "PT0.2S");
        await editor.TypeAsync("Multiplier", "2");
        await SyncStreamBuilderTests.SavedContainingAsync(manifestPath, "polling:\n        type: AsyncPollingPolicy\n        initial_interval: PT0.2S\n        multiplier: 2\n");

        // One job per partition: a slice each, chosen in the slice selector.
        var testing = page.Testing();
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        Assert.StartsWith("Test completed: 80 records", await page.StatusAsync());
        var slices = testing.Field("Slice");
        await Expect(slices.Locator("option")).ToHaveCountAsync(2);
        await Expect(testing.GetByRole(AriaRole.Table, new() { Name = "Records" })).ToContainTextAsync("campaigns");
        await slices.SelectOptionAsync("1");
        await Expect(slices).ToHaveValueAsync("1");
        await Expect(testing.GetByRole(AriaRole.Table, new() { Name = "Records" })).ToContainTextAsync("keywords");
        await Expect(testing.GetByRole(AriaRole.Table, new() { Name = "Records" })).Not.ToContainTextAsync("campaigns");
        await BrowserSession.ScreenshotAsync(page, "16-slices");

        // A low record limit in the limits popover: the test stops there and says more data exists.
        await testing.GetByText("Test settings").ClickAsync();
        await testing.TypeAsync("Record limit", "5");
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Expect(testing.GetByRole(AriaRole.Status)).ToContainTextAsync("Test completed: 5 records", new() { Timeout = 60_000 });
        await Expect(testing.Locator(".banner")).ToContainTextAsync("Test read limit reached");
        await BrowserSession.ScreenshotAsync(page, "17-limit-banner");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Siphon.slnx"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Siphon.slnx) is not above the test assembly");
    }
}
