using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>The declared schema and the detected one: differences flagged field by field, or imported on every test (issue 25, part 4).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class SchemaImportTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Test_DeclaredSchemaDiffers_FlagsEachField_AutoImportWritesTheDetectedSchema()
    {
        var page = await session.NewPageAsync();
        await ItemsList.ConfigureAsync(page, session.Simulator.BaseUrl, "schema");
        var editor = page.Editor();
        var parts = editor.GetByRole(AriaRole.Tablist, new() { Name = "Stream parts" });
        await parts.OpenTabAsync("Schema");
        var declared = editor.Field("Schema (JSON)");
        await declared.FillAsync("{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}, \"gone\": {\"type\": \"string\"}, \"name\": {\"type\": [\"null\", \"string\"]}}}");
        await declared.PressAsync("Tab");
        var testing = page.Testing();
        var test = testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true });

        await test.ClickAsync();
        Assert.StartsWith("Test completed", await page.StatusAsync());
        await testing.GetByRole(AriaRole.Tablist, new() { Name = "Test results" }).OpenTabAsync("Schema");
        var differences = testing.GetByRole(AriaRole.List, new() { Name = "Schema differences" });
        await Expect(differences.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "id:" })).ToContainTextAsync("declared string, the records have integer");
        await Expect(differences.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "gone:" })).ToContainTextAsync("not in any record");
        await Expect(differences.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "updated_at:" })).ToContainTextAsync("not in the declared schema");
        await Expect(differences.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "name:" })).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "25-4-schema-differences");

        // On: each test writes the detected schema, and nothing differs any more.
        await editor.GetByLabel("Automatically import detected schema").CheckAsync();
        await Expect(declared).ToHaveAttributeAsync("readonly", "");
        await test.ClickAsync();
        await Expect(declared).ToHaveValueAsync(new Regex("\"updated_at\""));
        await Expect(declared).Not.ToHaveValueAsync(new Regex("\"gone\""));
        await testing.GetByRole(AriaRole.Tablist, new() { Name = "Test results" }).OpenTabAsync("Schema");
        await Expect(differences).ToHaveCountAsync(0);
        await Expect(test).Not.ToHaveAttributeAsync("data-changed", "true");
        var manifest = ((Projects.ProjectStore)session.Builder.Services.GetService(typeof(Projects.ProjectStore))!).Find("schema")!.ManifestPath;
        Assert.Contains("autoImportSchema:", await File.ReadAllTextAsync(manifest));
    }
}
