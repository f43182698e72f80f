using Microsoft.Playwright;

namespace Siphon.Builder.BrowserTests;

/// <summary>The simulator's offset-paginated items list as a synchronous stream named 'items'.</summary>
internal static class ItemsList
{
    public static async Task ConfigureAsync(IPage page, Uri simulator, string project, bool authenticated = true)
    {
        await page.CreateProjectAsync(project);
        await page.GetByRole(AriaRole.Region, new() { Name = "Global settings" }).TypeAsync("Base URL", simulator.ToString());
        if (authenticated) await page.SetBearerAuthAsync(ContactsExport.ApiKey);
        await page.AddStreamAsync("items", "Synchronous Request");
        await page.Editor().TypeAsync("URL", "/api/items/offset");
        await page.Editor().TypeAsync("Record Selector", "items");
    }

    /// <summary>Incremental sync on updated_at, sent as <c>updated_after</c>, through its form.</summary>
    public static async Task SetIncrementalSyncAsync(ILocator editor)
    {
        await editor.Locator("summary", new() { HasText = "Incremental sync" }).ClickAsync();
        await editor.TypeAsync("Cursor Field", "updated_at");
        await editor.TypeAsync("Datetime Format", "%Y-%m-%dT%H:%M:%SZ");
        await editor.TypeAsync("Start Datetime", "2020-01-01T00:00:00Z");
        await editor.Field("Start Time Option: inject into").SelectOptionAsync("request_parameter");
        await editor.TypeAsync("Start Time Option: field name", "updated_after");
    }
}
