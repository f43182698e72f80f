using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>Each stream keeps its last test with the project, and says what is wrong with it (issue 25, part 1).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class StreamTestRecordTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Test_EachStreamKeepsItsOwnResultAndWarnings_OnDiskWithoutSecrets_AcrossARestart()
    {
        var page = await session.NewPageAsync();
        await ItemsList.ConfigureAsync(page, session.Simulator.BaseUrl, "records");
        var editor = page.Editor();
        await editor.TypeAsync("Primary Key", "status");
        await page.AddStreamAsync("missing", "Synchronous Request");
        await editor.TypeAsync("URL", "/api/nothing-here");
        var streams = page.GetByRole(AriaRole.Region, new() { Name = "Streams" });
        var testing = page.Testing();
        var warnings = testing.GetByRole(AriaRole.List, new() { Name = "Stream checks" });

        // Untested: said in the panel and as a dot on the stream.
        await Expect(warnings).ToContainTextAsync("Not tested yet");
        await Expect(streams.GetByRole(AriaRole.Button, new() { Name = "missing" }).GetByRole(AriaRole.Img, new() { Name = "has warnings" })).ToBeVisibleAsync();

        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        Assert.StartsWith("Test failed", await page.StatusAsync());
        await Expect(warnings).ToContainTextAsync("HTTP 404");
        await Expect(warnings).ToContainTextAsync("no records");

        // Another stream's 404 is not this stream's result.
        await streams.GetByRole(AriaRole.Button, new() { Name = "items" }).ClickAsync();
        await Expect(testing.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
        await Expect(warnings).ToContainTextAsync("Not tested yet");
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        Assert.Matches("^Test completed: [1-9][0-9]* records", await page.StatusAsync());
        await Expect(warnings).ToContainTextAsync("The primary key is duplicated");
        await Expect(warnings).Not.ToContainTextAsync("Not tested yet");

        await editor.TypeAsync("Primary Key", "nope");
        await Expect(warnings).ToContainTextAsync("Changed since its last test");
        await Expect(testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true })).ToHaveAttributeAsync("data-changed", "true");
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Expect(warnings).ToContainTextAsync("The primary key is missing in");
        await Expect(testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true })).Not.ToHaveAttributeAsync("data-changed", "true");
        await BrowserSession.ScreenshotAsync(page, "25-1-stream-warnings");

        await streams.GetByRole(AriaRole.Button, new() { Name = "missing" }).ClickAsync();
        await Expect(testing.GetByRole(AriaRole.Status)).ToContainTextAsync("Test failed");

        // Kept beside the manifest, with the token masked.
        var project = ((Projects.ProjectStore)session.Builder.Services.GetService(typeof(Projects.ProjectStore))!).Find("records")!;
        var kept = Path.Combine(project.Directory, TestRecords.StreamTestRecords.Folder, "items.json");
        Assert.True(File.Exists(kept), kept);
        Assert.DoesNotContain(ContactsExport.ApiKey, await File.ReadAllTextAsync(kept));

        // A restarted builder shows each stream's last test.
        await using var restarted = await BuilderHost.StartAsync(new BuilderOptions { ProjectsRoot = session.ProjectsRoot });
        var context = await session.Browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 1280, Height = 800 }, BaseURL = restarted.BaseUrl.ToString() });
        var again = await context.NewPageAsync();
        await again.GotoAsync(restarted.LaunchUrl.ToString());
        await again.GetByRole(AriaRole.Button, new() { Name = "Open records" }).ClickAsync();
        await Expect(again.Testing().GetByRole(AriaRole.Status)).ToContainTextAsync("Test completed");
        await Expect(again.Testing().GetByRole(AriaRole.List, new() { Name = "Stream checks" })).ToContainTextAsync("The primary key is missing");
        await again.GetByRole(AriaRole.Region, new() { Name = "Streams" }).GetByRole(AriaRole.Button, new() { Name = "missing" }).ClickAsync();
        await Expect(again.Testing().GetByRole(AriaRole.Status)).ToContainTextAsync("Test failed");
        await context.CloseAsync();
    }

    [Fact]
    public async Task StreamList_TemplateErrorInAField_PutsTheErrorDotOnTheStream()
    {
        var page = await session.NewPageAsync();
        await ContactsExport.ConfigureAsync(page, session.Simulator.BaseUrl, "typo");
        var editor = page.Editor();
        await editor.OpenTabAsync("Polling");
        await editor.TypeAsync("URL", "/v3/marketing/contacts/exports/{{ creation_respons['id'] }}");

        var streams = page.GetByRole(AriaRole.Region, new() { Name = "Streams" });
        await Expect(streams.GetByRole(AriaRole.Button, new() { Name = "contacts" }).GetByRole(AriaRole.Img, new() { Name = "has errors" })).ToBeVisibleAsync();
    }
}
