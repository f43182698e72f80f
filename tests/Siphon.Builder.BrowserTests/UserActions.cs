using Microsoft.Playwright;

namespace Siphon.Builder.BrowserTests;

/// <summary>What a user does in the builder, in the words on the screen.</summary>
internal static class UserActions
{
    public static ILocator Button(this IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Tab(this ILocator scope, string name) => scope.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    /// <summary>Clicks a tab and waits until the circuit rendered it selected, so the next lookup sees its panel.</summary>
    public static async Task OpenTabAsync(this ILocator scope, string name)
    {
        var tab = scope.Tab(name);
        await tab.ClickAsync();
        await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
    }

    public static ILocator Field(this ILocator scope, string label) => scope.GetByLabel(label, new() { Exact = true });

    public static ILocator Editor(this IPage page) => page.Locator("main.editor");

    public static ILocator Testing(this IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Testing", Exact = true });

    public static ILocator OtherRequests(this IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Other Requests", Exact = true });

    /// <summary>Types into a field and leaves it (Tab), which is when the builder saves it.</summary>
    public static async Task TypeAsync(this ILocator scope, string label, string text)
    {
        var field = scope.Field(label);
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    public static async Task CreateProjectAsync(this IPage page, string name)
    {
        await page.GetByLabel("Project name", new() { Exact = true }).FillAsync(name);
        await page.Button("Create project").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }).WaitForAsync();
    }

    public static async Task SetBearerAuthAsync(this IPage page, string apiKey)
    {
        var settings = page.GetByRole(AriaRole.Region, new() { Name = "Global settings" });
        await settings.Field("Authentication").SelectOptionAsync("Bearer");
        await page.Button("Inputs").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Inputs" });
        await dialog.Field("API Key").FillAsync(apiKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    public static async Task AddStreamAsync(this IPage page, string name, string requestType)
    {
        await page.Button("Add stream").ClickAsync();
        var add = page.GetByRole(AriaRole.Group, new() { Name = "Add stream" });
        await add.Field("Stream name").FillAsync(name);
        await add.Field("Request type").SelectOptionAsync(requestType);
        await add.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await page.Editor().GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }).WaitForAsync();
    }

    public static async Task<string> StatusAsync(this IPage page, int timeoutMs = 60_000)
    {
        var status = page.Testing().GetByRole(AriaRole.Status);
        await status.WaitForAsync(new() { Timeout = timeoutMs });
        return await status.InnerTextAsync();
    }
}
