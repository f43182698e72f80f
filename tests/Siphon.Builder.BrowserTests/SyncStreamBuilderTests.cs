using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class SyncStreamBuilderTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task SynchronousRequest_ConfiguredInTheForm_TestsReplaysShowsErrorsAndSwitchesTypeKeepingTheUrl()
    {
        var page = await session.NewPageAsync();
        await page.CreateProjectAsync("items");
        await page.GetByRole(AriaRole.Region, new() { Name = "Global settings" }).TypeAsync("Base URL", session.Simulator.BaseUrl.ToString());
        await page.SetBearerAuthAsync(ContactsExport.ApiKey);
        await page.AddStreamAsync("items", "Synchronous Request");

        var editor = page.Editor();
        await editor.TypeAsync("URL", "/api/items/offset");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add Query Parameters" }).ClickAsync();
        await editor.TypeAsync("Query Parameters key 1", "limit");
        await editor.TypeAsync("Query Parameters value 1", "10");
        await editor.TypeAsync("Record Selector", "items");
        await editor.TypeAsync("Primary Key", "id");

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        Assert.StartsWith("Test completed: 10 records", await page.StatusAsync());
        await Expect(page.Testing().GetByRole(AriaRole.Table, new() { Name = "Records" }).Locator("tbody tr")).ToHaveCountAsync(10);
        await BrowserSession.ScreenshotAsync(page, "09-sync-stream");

        // The inferred schema becomes the stream's schema with one click.
        var results = page.Testing().GetByRole(AriaRole.Tablist, new() { Name = "Test results" });
        await results.OpenTabAsync("Schema");
        await page.Button("Use inferred schema").ClickAsync();
        await editor.GetByRole(AriaRole.Tablist).OpenTabAsync("Schema");
        await Expect(editor.Field("Schema (JSON)")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"updated_at\""));
        await editor.GetByRole(AriaRole.Tablist).OpenTabAsync("Request");

        // Replaying the last run answers from its recording: the same records, no request to the API.
        var before = await ListRequestsAsync();
        await page.Button("Replay last run").ClickAsync();
        await Expect(page.Testing().GetByRole(AriaRole.Status)).ToContainTextAsync("Test completed: 10 records");
        Assert.Equal(before, await ListRequestsAsync());

        // The request can have its own authentication of any kind the global settings offer.
        var manifestPath = ((Projects.ProjectStore)session.Builder.Services.GetService(typeof(Projects.ProjectStore))!).Find("items")!.ManifestPath;
        await editor.Field("Authentication").SelectOptionAsync("API Key");
        await Expect(editor.Field("API key header")).ToHaveValueAsync("X-Api-Key");
        await editor.TypeAsync("API key header", "X-Token");
        await Expect(editor.Field("API key header")).ToHaveValueAsync("X-Token");
        await Expect(editor).ToContainTextAsync("Reads the input api_key");
        await BrowserSession.ScreenshotAsync(page, "11-requester-authentication");
        await SavedContainingAsync(manifestPath, "field_name: X-Token");
        Assert.Contains("type: ApiKeyAuthenticator", await File.ReadAllTextAsync(manifestPath));
        Assert.DoesNotContain("#/definitions/authenticator", await File.ReadAllTextAsync(manifestPath));
        await editor.Field("Authentication").SelectOptionAsync("Inherit global");
        await Expect(editor.Field("API key header")).ToHaveCountAsync(0);
        await SavedContainingAsync(manifestPath, "#/definitions/authenticator");

        // A paginator set up in its form: offsets in the query, until a short page.
        await editor.Locator("summary", new() { HasText = "Paginator" }).ClickAsync();
        await editor.Field("Pagination Strategy").SelectOptionAsync("OffsetIncrement");
        await Expect(editor.Field("Start From Page")).ToHaveCountAsync(0);
        await editor.TypeAsync("Page Size", "10");
        await editor.Field("Page Token Option: inject into").SelectOptionAsync("request_parameter");
        await editor.TypeAsync("Page Token Option: field name", "offset");
        await SavedContainingAsync(manifestPath, "field_name: offset");
        await BrowserSession.ScreenshotAsync(page, "12-paginator-form");

        // A transformation row adds a field to every record.
        await editor.Locator("summary", new() { HasText = "Transformations" }).ClickAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add transformation", Exact = true }).ClickAsync();
        await Expect(editor.Field("Transformation 1")).ToHaveValueAsync("Add field");
        await editor.TypeAsync("Transformation 1 path", "origin");
        await editor.TypeAsync("Transformation 1 value", "{{ 'simulator' }}");
        await SavedContainingAsync(manifestPath, "type: AddFields");

        // Incremental sync in its form: the read keeps a cursor state.
        await ItemsList.SetIncrementalSyncAsync(editor);
        await SavedContainingAsync(manifestPath, "field_name: updated_after");
        await Expect(editor.Field("Cursor Field")).ToHaveValueAsync("updated_at");
        await Expect(editor.Field("Datetime Format")).ToHaveValueAsync("%Y-%m-%dT%H:%M:%SZ");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Streams" }).GetByRole(AriaRole.Img, new() { Name = "has errors" })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "13-incremental-sync-form");

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Expect(page.Testing().GetByRole(AriaRole.Status)).ToContainTextAsync("Test completed: 40 records", new() { Timeout = 60_000 });
        await Expect(page.Testing().Field("Page").Locator("option")).ToHaveCountAsync(5);
        await results.OpenTabAsync("Records");
        await Expect(page.Testing().GetByRole(AriaRole.Table, new() { Name = "Records" }).Locator("thead")).ToContainTextAsync("origin");
        await Expect(page.Testing().GetByRole(AriaRole.Table, new() { Name = "Records" }).Locator("tbody tr").First).ToContainTextAsync("simulator");
        await results.OpenTabAsync("State");
        await Expect(page.Testing().GetByRole(AriaRole.Tabpanel, new() { Name = "State result" })).ToContainTextAsync("updated_at");

        // An invalid template is reported at the field and marks the stream in the list.
        await editor.TypeAsync("URL", "/api/items/{{ config[ }}");
        await Expect(editor.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Streams" }).GetByRole(AriaRole.Img, new() { Name = "has errors" })).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "10-invalid-template");
        await editor.TypeAsync("URL", "/api/items/offset");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Streams" }).GetByRole(AriaRole.Img, new() { Name = "has errors" })).ToHaveCountAsync(0);

        // Switching the request type asks first, and keeps the URL.
        await editor.Locator(".stream-header").Field("Request type").SelectOptionAsync("Asynchronous Job");
        await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Change request type" }).GetByRole(AriaRole.Button, new() { Name = "Change request type" }).ClickAsync();
        await editor.OpenTabAsync("Creation");
        await Expect(editor.Field("URL")).ToHaveValueAsync("/api/items/offset");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Streams" })).ToContainTextAsync("async");
    }

    /// <summary>Autosave happens when a field is left; waits (a little) for the file to hold <paramref name="expected"/>.</summary>
    internal static async Task SavedContainingAsync(string path, string expected)
    {
        var text = "";
        for (var i = 0; i < 200 && !(text = await File.ReadAllTextAsync(path)).Contains(expected, StringComparison.Ordinal); i++) await Task.Delay(100);
        Assert.Contains(expected, text);
    }

    private async Task<long> ListRequestsAsync()
    {
        using var http = new HttpClient { BaseAddress = session.Simulator.BaseUrl };
        var stats = await http.GetFromJsonAsync<JsonElement>("__stats");
        return stats.GetProperty("listRequests").GetInt64();
    }
}
