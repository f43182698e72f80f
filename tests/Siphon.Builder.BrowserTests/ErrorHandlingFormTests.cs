using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>What was YAML-only in the reference's forms: error handling's filters and backoffs, and the source's job budget (issue 25, part 5).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class ErrorHandlingFormTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Forms_IgnoreFilterAndWaitUntilBackoff_AndMaxConcurrentAsyncJobs_AreWrittenAndRun()
    {
        var page = await session.NewPageAsync();
        await page.CreateProjectAsync("handled");
        var settings = page.GetByRole(AriaRole.Region, new() { Name = "Global settings" });
        await settings.TypeAsync("Base URL", session.Simulator.BaseUrl.ToString());
        await page.SetBearerAuthAsync(ContactsExport.ApiKey);
        var manifest = ((Projects.ProjectStore)session.Builder.Services.GetService(typeof(Projects.ProjectStore))!).Find("handled")!.ManifestPath;

        // The source's job budget: a number, or a template of the config.
        await settings.TypeAsync("Max concurrent async jobs", "2");
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "max_concurrent_async_job_count: 2");
        await settings.TypeAsync("Max concurrent async jobs", "{{ config['jobs'] or 3 }}");
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "max_concurrent_async_job_count: \"{{ config['jobs'] or 3 }}\"");

        // A 404 the API answers for "nothing here" is ignored through a response filter: the test completes.
        await page.AddStreamAsync("gone", "Synchronous Request");
        var editor = page.Editor();
        await editor.TypeAsync("URL", "/api/nothing-here");
        await editor.Locator("summary").GetByText("Error handling", new() { Exact = true }).ClickAsync();
        await editor.Field("Backoff Strategy").SelectOptionAsync("WaitUntilTimeFromHeader");
        await editor.TypeAsync("Backoff header", "X-RateLimit-Reset");
        await Expect(editor.Field("Backoff header")).ToHaveValueAsync("X-RateLimit-Reset");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add response filter", Exact = true }).ClickAsync();
        await editor.Field("Response filter 1: action").SelectOptionAsync("IGNORE");
        await Expect(editor.Field("Response filter 1: action")).ToHaveValueAsync("IGNORE");
        await editor.TypeAsync("Response filter 1: http codes", "404");
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "type: WaitUntilTimeFromHeader");
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "action: IGNORE");

        // A second handler makes the handler a composite, each of its handlers in the same form.
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add handler (composite)", Exact = true }).ClickAsync();
        await Expect(editor.Field("Handler 1 Response filter 1: action")).ToHaveValueAsync("IGNORE");
        await editor.Field("Handler 2 Backoff Strategy").SelectOptionAsync("ConstantBackoffStrategy");
        await editor.TypeAsync("Handler 2 Backoff backoff time in seconds", "5");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add Handler 2 response filter", Exact = true }).ClickAsync();
        await editor.Field("Handler 2 Response filter 1: action").SelectOptionAsync("RATE_LIMITED");
        await editor.TypeAsync("Handler 2 Response filter 1: http codes", "429");
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "type: CompositeErrorHandler");
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "action: RATE_LIMITED");

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();

        Assert.StartsWith("Test completed: 0 records", await page.StatusAsync());
        await BrowserSession.ScreenshotAsync(page, "25-5-error-handling");
    }
}
