using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>A test can start from an input state: typed and validated in the test settings, or taken from a test's State tab (issue 25, part 2).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class InputStateTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Test_InputStateFromTheStateTabOrTyped_ResumesFromIt_InvalidJsonIsRefused_ResetClearsIt()
    {
        var page = await session.NewPageAsync();
        await ItemsList.ConfigureAsync(page, session.Simulator.BaseUrl, "state");
        var editor = page.Editor();
        await ItemsList.SetIncrementalSyncAsync(editor);
        await Expect(editor.Field("Start Time Option: field name")).ToHaveValueAsync("updated_after");
        var testing = page.Testing();
        var test = testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true });

        await test.ClickAsync();
        var all = Count(await page.StatusAsync());
        await testing.GetByRole(AriaRole.Tablist, new() { Name = "Test results" }).OpenTabAsync("State");
        await page.Button("Use as input state").ClickAsync();
        await Expect(testing.GetByRole(AriaRole.Note)).ToContainTextAsync("The next Test starts from this state");
        await testing.GetByText("Test settings", new() { Exact = true }).ClickAsync();
        var state = testing.Field("Input state");
        await Expect(state).ToHaveValueAsync(new Regex("\"updated_at\""));
        await Expect(state).ToHaveAttributeAsync("placeholder", new Regex("updated_at"));

        // Invalid JSON is said at the field, and Test refuses it.
        await state.FillAsync("{\"updated_at\": ");
        await state.PressAsync("Tab");
        await Expect(testing.GetByRole(AriaRole.Alert)).ToContainTextAsync("the input state is not valid JSON");
        await test.ClickAsync();
        await Expect(testing.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Test needs an input state" })).ToBeVisibleAsync();

        // A typed state: the read resumes after it, reading fewer records.
        await state.FillAsync("{\"updated_at\": \"2024-01-02T00:00:00Z\"}");
        await state.PressAsync("Tab");
        await test.ClickAsync();
        // The first test's status stays on screen until the server renders this run: wait for it to change first.
        await Expect(testing.GetByRole(AriaRole.Status)).Not.ToHaveTextAsync($"Test completed: {all} records", new() { Timeout = 60_000 });
        var resumed = Count(await page.StatusAsync());
        Assert.InRange(resumed, 1, all - 1);
        await BrowserSession.ScreenshotAsync(page, "25-2-input-state");

        await testing.Field("Record limit").FillAsync("7");
        await testing.Field("Record limit").PressAsync("Tab");
        await page.Button("Reset").ClickAsync();
        await Expect(state).ToHaveValueAsync("");
        await Expect(testing.Field("Record limit")).ToHaveValueAsync("100");
    }

    private static int Count(string status) => int.Parse(Regex.Match(status, @"Test completed: (\d+) records").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
