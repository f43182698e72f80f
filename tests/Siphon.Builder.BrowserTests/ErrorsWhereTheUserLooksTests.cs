using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>An invalid field is marked on its tab, Test takes the author to it, and a refused request opens its response (issue 25, part 3).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class ErrorsWhereTheUserLooksTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Test_InvalidFieldOnAnotherTab_MarksTheTab_OpensItAndFocusesTheField()
    {
        var page = await session.NewPageAsync();
        await ContactsExport.ConfigureAsync(page, session.Simulator.BaseUrl, "focus");
        var editor = page.Editor();
        var steps = editor.GetByRole(AriaRole.Tablist, new() { Name = "Asynchronous job steps" });
        await editor.OpenTabAsync("Polling");
        await editor.TypeAsync("URL", "/v3/marketing/contacts/exports/{{ creation_respons['id'] }}");
        await Expect(steps.Tab("Polling")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(steps.Tab("Creation")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await editor.OpenTabAsync("Download");
        var createdBefore = session.Simulator.Stats.JobsCreated;

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();

        await Expect(steps.Tab("Polling")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(editor.Field("URL")).ToBeFocusedAsync();
        await Expect(page.Testing().GetByRole(AriaRole.Alert)).ToContainTextAsync("creation_respons");
        Assert.Equal(createdBefore, session.Simulator.Stats.JobsCreated);
        await BrowserSession.ScreenshotAsync(page, "25-3-focused-invalid-field");
    }

    [Fact]
    public async Task PollingTab_EmptyCompletedList_IsFlaggedAndTestRefusesOnIt()
    {
        var page = await session.NewPageAsync();
        await page.CreateProjectAsync("no-completed");
        await page.GetByRole(AriaRole.Region, new() { Name = "Global settings" }).TypeAsync("Base URL", session.Simulator.BaseUrl.ToString());
        await page.AddStreamAsync("contacts", "Asynchronous Job");
        var editor = page.Editor();
        var steps = editor.GetByRole(AriaRole.Tablist, new() { Name = "Asynchronous job steps" });
        await Expect(steps.Tab("Polling")).ToHaveAttributeAsync("aria-invalid", "true");
        var dot = page.GetByRole(AriaRole.Region, new() { Name = "Streams" }).GetByRole(AriaRole.Img, new() { Name = "has errors" });
        await Expect(dot).ToBeVisibleAsync();

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();

        await Expect(steps.Tab("Polling")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(editor.Field("Completed")).ToBeFocusedAsync();
        await Expect(editor).ToContainTextAsync("No status means completed");
        await editor.TypeAsync("Completed", "ready");
        await Expect(steps.Tab("Polling")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(dot).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Test_MainResponseIsAnError_OpensTheResponseTabByItself()
    {
        var page = await session.NewPageAsync();
        await ItemsList.ConfigureAsync(page, session.Simulator.BaseUrl, "refused", authenticated: false);

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();

        Assert.StartsWith("Test failed", await page.StatusAsync());
        var results = page.Testing().GetByRole(AriaRole.Tablist, new() { Name = "Test results" });
        await Expect(results.Tab("Response")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Testing().GetByRole(AriaRole.Tabpanel, new() { Name = "Response result" })).ToContainTextAsync("401");
    }
}
