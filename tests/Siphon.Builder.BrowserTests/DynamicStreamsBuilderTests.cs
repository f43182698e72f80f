using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>
/// A manifest whose streams come from <c>dynamic_streams</c> (an HttpComponentsResolver reading a list of sheets, one
/// stream per sheet, as the catalogue's source-google-sheets does) against a stand-in API on 127.0.0.1: the builder
/// lists the generated streams for the testing values, and Test reads the one picked.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class DynamicStreamsBuilderTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private const string Manifest = """
        version: 6.7.0
        type: DeclarativeSource
        check:
          type: CheckDynamicStream
          stream_count: 1
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [base_url]
            properties:
              base_url: { type: string, title: Base URL }
        dynamic_streams:
          - type: DynamicDeclarativeStream
            name: sheets
            # One stream per sheet: its name and the sheet it reads are written in by the mappings below.
            stream_template:
              type: DeclarativeStream
              name: ""
              primary_key: [row]
              retriever:
                type: SimpleRetriever
                requester: { type: HttpRequester, url_base: "{{ config['base_url'] }}", path: "/sheets/{{ parameters['sheet'] }}/rows", $parameters: { sheet: "" } }
                record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [rows] } }
            components_resolver:
              type: HttpComponentsResolver
              retriever:
                type: SimpleRetriever
                requester: { type: HttpRequester, url_base: "{{ config['base_url'] }}", path: /sheets }
                record_selector:
                  type: RecordSelector
                  extractor: { type: DpathExtractor, field_path: [sheets] }
              components_mapping:
                - type: ComponentMappingDefinition
                  field_path: [name]
                  value: "{{ components_values['title'] | lower }}"
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, $parameters, sheet]
                  value: "{{ components_values['id'] }}"
        """;

    [Fact]
    public async Task ImportedDynamicStreams_Generated_AreListedAndTheOnePickedTestsWithItsRecords()
    {
        await using var sheets = await StartSheetsApiAsync();
        var page = await session.NewPageAsync();

        await page.GetByLabel("Project name", new() { Exact = true }).FillAsync("sheets");
        await page.GetByLabel("Manifest YAML", new() { Exact = true }).FillAsync(Manifest);
        await page.Button("Import").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "sheets", Exact = true })).ToBeVisibleAsync();

        await page.Button("Inputs").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Inputs" });
        await dialog.Field("Base URL").FillAsync(sheets.Urls.First().TrimEnd('/'));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        // One stream per sheet the API lists, named from its title.
        var generated = page.GetByRole(AriaRole.Region, new() { Name = "Generated streams" });
        await generated.GetByRole(AriaRole.Button, new() { Name = "Generate streams", Exact = true }).ClickAsync();
        var names = generated.GetByRole(AriaRole.List, new() { Name = "Generated stream names" });
        await Expect(names.GetByRole(AriaRole.Button)).ToHaveTextAsync(["orders generated", "refunds generated"]);
        await BrowserSession.ScreenshotAsync(page, "30-generated-streams");

        await names.GetByRole(AriaRole.Button, new() { Name = "refunds" }).ClickAsync();
        await Expect(page.Editor().GetByRole(AriaRole.Heading, new() { Name = "refunds", Exact = true })).ToBeVisibleAsync();
        var testing = page.Testing();
        await Expect(testing.GetByRole(AriaRole.Heading, new() { Name = "Testing: refunds", Exact = true })).ToBeVisibleAsync();
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Expect(testing.GetByRole(AriaRole.Status)).ToHaveTextAsync("Test completed: 2 records", new() { Timeout = 60_000 });
        var records = testing.GetByRole(AriaRole.Table, new() { Name = "Records" });
        await Expect(records.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(records).ToContainTextAsync("refund-1");
        await Expect(records).ToContainTextAsync("refund-2");
        await Expect(records).Not.ToContainTextAsync("order-1");
        await BrowserSession.ScreenshotAsync(page, "31-generated-stream-tested");

        // The test settings' stream limit bounds how many streams each definition generates, as the reference's max_streams.
        await testing.GetByText("Test settings", new() { Exact = true }).ClickAsync();
        await testing.TypeAsync("Stream limit", "1");
        await generated.GetByRole(AriaRole.Button, new() { Name = "Generate again", Exact = true }).ClickAsync();
        await Expect(names.GetByRole(AriaRole.Button)).ToHaveTextAsync(["orders generated"]);
        await Expect(generated).ToContainTextAsync("at most 1 per definition");
    }

    // The sheets API: the list of sheets, and each sheet's rows.
    private static async Task<WebApplication> StartSheetsApiAsync()
    {
        var app = LoopbackApp.Create();
        app.MapGet("/sheets", () => Results.Json(new { sheets = new[] { new { id = "s1", title = "Orders" }, new { id = "s2", title = "Refunds" } } }));
        app.MapGet("/sheets/{id}/rows", (string id) => Results.Json(new
        {
            rows = id == "s1"
                ? new[] { new { row = 1, item = "order-1" }, new { row = 2, item = "order-2" }, new { row = 3, item = "order-3" } }
                : new[] { new { row = 1, item = "refund-1" }, new { row = 2, item = "refund-2" } },
        }));
        await app.StartAsync();
        return app;
    }
}
