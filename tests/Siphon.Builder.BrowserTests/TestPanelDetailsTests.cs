using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>Logs counted per level with expandable errors, remembered view choices, a dismissable banner, no async-only log line in a sync test (issue 25, part 7).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class TestPanelDetailsTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Test_LogsCountLevelsAndExpandErrors_RecordsViewAndBannerDismissalAreRemembered()
    {
        var page = await session.NewPageAsync();
        await ItemsList.ConfigureAsync(page, session.Simulator.BaseUrl, "details", authenticated: false);
        var testing = page.Testing();
        var test = testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true });

        // Without the token: a failed test, its logs open with counts per level, the error expandable.
        await test.ClickAsync();
        Assert.StartsWith("Test failed", await page.StatusAsync());
        var logs = testing.Locator("details.logs");
        await Expect(logs.Locator("> summary")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Logs \(\d+\): 1 error, .*\d+ info"));
        await Expect(testing.GetByRole(AriaRole.List, new() { Name = "Logs" })).Not.ToContainTextAsync("downloaded one after another");
        await logs.Locator("li.error summary").First.ClickAsync();
        await Expect(logs.GetByRole(AriaRole.Term).Filter(new() { HasText = "Time" }).First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "25-7-logs");

        // With it, and a small record limit: the limit banner, dismissed; the JSON view chosen.
        await page.SetBearerAuthAsync(ContactsExport.ApiKey);
        await testing.GetByText("Test settings", new() { Exact = true }).ClickAsync();
        await testing.Field("Record limit").FillAsync("5");
        await testing.Field("Record limit").PressAsync("Tab");
        await test.ClickAsync();
        // The failed test's status stays on screen until the server renders the new run: wait for the new one.
        await Expect(testing.GetByRole(AriaRole.Status)).ToContainTextAsync("Test completed: 5 records", new() { Timeout = 60_000 });
        var banner = testing.Locator(".banner");
        await Expect(banner).ToContainTextAsync("Test read limit reached");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Expect(banner).ToHaveCountAsync(0);
        await testing.GetByText("JSON view").ClickAsync();
        await Expect(testing.GetByLabel("Records JSON")).ToBeVisibleAsync();

        // A reload shows the stream's kept result the way this browser last chose.
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open details" }).ClickAsync();
        await Expect(page.Testing().GetByRole(AriaRole.Status)).ToContainTextAsync("Test completed: 5 records");
        await Expect(page.Testing().GetByLabel("Records JSON")).ToBeVisibleAsync();
        await Expect(page.Testing().Locator(".banner")).ToHaveCountAsync(0);
    }
}
