using Microsoft.Playwright;

namespace Siphon.Builder.BrowserTests;

/// <summary>The simulator's contacts export configured through the three tabs, the way SendGrid's is.</summary>
internal static class ContactsExport
{
    public const string ApiKey = "sim-token";

    public static async Task ConfigureAsync(IPage page, Uri simulator, string project, Func<Task>? beforeTabs = null)
    {
        await page.CreateProjectAsync(project);
        var settings = page.GetByRole(AriaRole.Region, new() { Name = "Global settings" });
        await settings.TypeAsync("Base URL", simulator.ToString().TrimEnd('/'));
        await page.SetBearerAuthAsync(ApiKey);
        await page.AddStreamAsync("contacts", "Asynchronous Job");

        var editor = page.Editor();
        await editor.OpenTabAsync("Creation");
        await editor.TypeAsync("URL", "/v3/marketing/contacts/exports");

        await editor.OpenTabAsync("Polling");
        await editor.TypeAsync("URL", "/v3/marketing/contacts/exports/{{ creation_response['id'] }}");
        await editor.TypeAsync("Status Extractor", "status");
        await editor.TypeAsync("Completed", "ready");
        await editor.TypeAsync("Failed", "failed, cancelled");
        await editor.TypeAsync("Running", "pending");
        await editor.TypeAsync("Timeout", "timeout");
        await editor.TypeAsync("Download Target Extractor", "urls");

        await editor.OpenTabAsync("Download");
        await editor.Field("HTTP Response Format").SelectOptionAsync("CSV (gzip)");
        await editor.TypeAsync("Primary Key", "CONTACT_ID");
    }

    /// <summary>The same export with a job that never finishes (the simulator's knob), and how to abort it.</summary>
    public static async Task ConfigureNeverFinishingAsync(IPage page, Uri simulator, string project)
    {
        await ConfigureAsync(page, simulator, project);
        var editor = page.Editor();
        await editor.OpenTabAsync("Creation");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add Query Parameters" }).ClickAsync();
        await editor.TypeAsync("Query Parameters key 1", "sim.neverFinish");
        await editor.TypeAsync("Query Parameters value 1", "true");
        await editor.OpenTabAsync("Polling");
        await editor.GetByText("Advanced").ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add Abort requester" }).ClickAsync();
        await editor.TypeAsync("Abort URL", "/v3/marketing/contacts/exports/{{ creation_response['id'] }}/cancel");
    }
}
