using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>Template fields complete variables, inputs, macros and filters at the cursor, and create inputs (issue 25, part 6).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class TemplateFieldCompletionTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task TemplateField_SuggestionGoesInAtTheCursor_MacrosAndFiltersOffered_NewInputCreatedFromTheField()
    {
        var page = await session.NewPageAsync();
        await page.CreateProjectAsync("completion");
        await page.AddStreamAsync("items", "Synchronous Request");
        var editor = page.Editor();
        await editor.TypeAsync("URL", "/api/items/");
        var url = editor.Field("URL");

        // The caret after "/api/": the suggestion goes in there, the rest of the field stays.
        await url.EvaluateAsync("f => f.setSelectionRange(5, 5)");
        await editor.GetByRole(AriaRole.Button, new() { Name = "URL suggestions" }).ClickAsync();
        var completions = editor.GetByRole(AriaRole.Listbox, new() { Name = "URL completions" });
        await Expect(completions.GetByRole(AriaRole.Option).Filter(new() { HasText = "now_utc()" })).ToContainTextAsync("macro");
        await Expect(completions.GetByRole(AriaRole.Option).Filter(new() { HasText = "| base64encode" })).ToContainTextAsync("filter");
        await completions.GetByRole(AriaRole.Option).Filter(new() { HasText = "{{ next_page_token['next_page_token'] }}" }).ClickAsync();
        await Expect(url).ToHaveValueAsync("/api/{{ next_page_token['next_page_token'] }}items/");
        await BrowserSession.ScreenshotAsync(page, "25-6-completion");

        // A new user input from the field: declared in the spec, inserted at the cursor, its testing value asked for.
        await url.FillAsync("/api/items/");
        await url.PressAsync("End");
        await editor.GetByRole(AriaRole.Button, new() { Name = "URL suggestions" }).ClickAsync();
        await editor.Field("New user input name").FillAsync("account_id");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Create input and insert" }).ClickAsync();
        await Expect(url).ToHaveValueAsync("/api/items/{{ config['account_id'] }}");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Inputs" });
        await Expect(dialog.Field("account_id")).ToBeVisibleAsync();
        var manifest = ((Projects.ProjectStore)session.Builder.Services.GetService(typeof(Projects.ProjectStore))!).Find("completion")!.ManifestPath;
        await SyncStreamBuilderTests.SavedContainingAsync(manifest, "{{ config['account_id'] }}");
        Assert.Contains("account_id:", await File.ReadAllTextAsync(manifest));
    }
}
