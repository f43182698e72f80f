using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>
/// The Connector Builder's "asynchronous job streams" guide, walked as its text says from an empty project to a passing
/// test, on the simulator's contacts export (shaped like SendGrid's): every label the guide names is where it says.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class AsyncStreamGuideTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Guide_FromAnEmptyProjectToAPassingAsyncStreamTest_EveryLabelItNamesIsThere()
    {
        var page = await session.NewPageAsync();
        await page.CreateProjectAsync("guide-contacts");
        await Shot(page, "01-empty-project");

        // Global settings: the API's base URL and its Bearer key (a testing value set through Inputs).
        var settings = page.GetByRole(AriaRole.Region, new() { Name = "Global settings" });
        await Expect(settings.Field("Base URL")).ToBeVisibleAsync();
        await settings.TypeAsync("Base URL", session.Simulator.BaseUrl.ToString().TrimEnd('/'));
        await Expect(settings.Field("Authentication")).ToBeVisibleAsync();
        await page.SetBearerAuthAsync(ContactsExport.ApiKey);
        await Shot(page, "02-global-settings");

        // A stream whose request type is an asynchronous job gets the three tabs.
        await page.AddStreamAsync("contacts", "Asynchronous Job");
        var editor = page.Editor();
        foreach (var tab in new[] { "Creation", "Polling", "Download" }) await Expect(editor.Tab(tab)).ToBeVisibleAsync();

        // Creation: POST to the export endpoint; its response format also reads the polls.
        await editor.OpenTabAsync("Creation");
        await ExpectFields(editor, "URL", "HTTP Method", "Authentication", "HTTP Response Format", "Request Body");
        foreach (var pairs in new[] { "Add Query Parameters", "Add Headers" })
            await Expect(editor.GetByRole(AriaRole.Button, new() { Name = pairs, Exact = true })).ToBeVisibleAsync();
        await Expect(editor.Field("HTTP Method")).ToHaveValueAsync("POST");
        await editor.TypeAsync("URL", "/v3/marketing/contacts/exports");
        await Expect(editor.Field("HTTP Response Format")).ToHaveValueAsync("JSON");
        await Shot(page, "03-creation");

        // Polling: the job's URL from the creation response, where its status is, what each status means, where the download URLs are.
        await editor.OpenTabAsync("Polling");
        await ExpectFields(editor, "URL", "Status Extractor", "Completed", "Failed", "Running", "Timeout", "Download Target Extractor", "Polling Job Timeout");
        await Expect(editor.GetByRole(AriaRole.Group, new() { Name = "Status Mapping" })).ToBeVisibleAsync();
        await Expect(editor).ToContainTextAsync("creation_response");
        await editor.TypeAsync("URL", "/v3/marketing/contacts/exports/{{ creation_response['id'] }}");
        await editor.TypeAsync("Status Extractor", "status");
        await editor.TypeAsync("Completed", "ready");
        await editor.TypeAsync("Failed", "failed, cancelled");
        await editor.TypeAsync("Running", "pending");
        await editor.TypeAsync("Timeout", "timeout");
        await editor.TypeAsync("Download Target Extractor", "urls");
        await Expect(editor.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Shot(page, "04-polling");

        // Download: each URL the poll gave, a gzip-compressed CSV, records keyed by CONTACT_ID.
        await editor.OpenTabAsync("Download");
        await ExpectFields(editor, "URL", "HTTP Method", "HTTP Response Format", "Download Extractor", "Record Selector", "Primary Key");
        await Expect(editor.Field("URL")).ToHaveValueAsync("{{ download_target }}");
        await editor.Field("HTTP Response Format").SelectOptionAsync("CSV (gzip)");
        await Expect(editor.Field("HTTP Response Format")).ToHaveValueAsync("CSV (gzip)");
        await editor.TypeAsync("Primary Key", "CONTACT_ID");
        await Shot(page, "05-download");

        // Test: the records, the download as the page's request, the create and every poll in Other Requests.
        var testing = page.Testing();
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        Assert.StartsWith("Test completed: 40 records", await page.StatusAsync());
        await Expect(testing.GetByRole(AriaRole.Table, new() { Name = "Records" })).ToBeVisibleAsync();
        var requests = await page.OtherRequests().Field("Other request").Locator("option").AllInnerTextsAsync();
        Assert.Contains(requests, r => r.StartsWith("Create ", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.StartsWith("Poll #1 ", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Contains("ready → completed", StringComparison.Ordinal));
        await Shot(page, "06-test-passed");
    }

    private static async Task ExpectFields(ILocator editor, params string[] labels)
    {
        foreach (var label in labels) await Expect(editor.Field(label)).ToBeVisibleAsync();
    }

    private static Task Shot(IPage page, string step) => BrowserSession.ScreenshotAsync(page, "guide-" + step);
}
