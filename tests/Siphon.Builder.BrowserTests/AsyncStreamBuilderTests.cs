using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Siphon.Cli.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed class AsyncStreamBuilderTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ContactsExport_ConfiguredThroughTheThreeTabs_TestShowsRecordsDownloadAndPolls_AndTheExportReadsTheSameRecords()
    {
        var page = await session.NewPageAsync();
        await BrowserSession.ScreenshotAsync(page, "01-projects");
        await ContactsExport.ConfigureAsync(page, session.Simulator.BaseUrl, "sendgrid");
        var editor = page.Editor();

        // The defaults a new user relies on.
        await Expect(editor.Field("URL")).ToHaveValueAsync("{{ download_target }}");
        await Expect(editor.Field("HTTP Method")).ToHaveValueAsync("GET");
        await editor.OpenTabAsync("Creation");
        await Expect(editor.Field("HTTP Method")).ToHaveValueAsync("POST");
        await Expect(editor.Field("Authentication")).ToHaveValueAsync("Inherit global");
        await BrowserSession.ScreenshotAsync(page, "02-creation-tab");

        // A template is checked while it is typed, with the step's variables.
        await editor.OpenTabAsync("Polling");
        var url = editor.Field("URL");
        await url.FillAsync("/v3/marketing/contacts/exports/{{ download_target }}");
        await Expect(editor.GetByRole(AriaRole.Alert)).ToContainTextAsync("'download_target' is not available here");
        await url.FillAsync("/v3/marketing/contacts/exports/{{ creation_response['id'] ");
        await Expect(editor.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await url.FillAsync("/v3/marketing/contacts/exports/{{ creation_response['id'] }}");
        await Expect(editor.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await url.PressAsync("Tab");
        // The field offers the step's variables and the inputs with their testing values; a secret only as a mask.
        await editor.GetByRole(AriaRole.Button, new() { Name = "URL suggestions", Exact = true }).ClickAsync();
        var completions = editor.GetByRole(AriaRole.Listbox, new() { Name = "URL completions" }).GetByRole(AriaRole.Option);
        await Expect(completions.Filter(new() { HasText = "{{ config['api_key'] }}" })).ToContainTextAsync("api_key = " + Editing.TemplateCheck.SecretMask);
        await Expect(completions.Filter(new() { HasText = "{{ creation_response['id'] }}" })).ToHaveCountAsync(1);
        await editor.GetByRole(AriaRole.Button, new() { Name = "Close suggestions" }).ClickAsync();
        await BrowserSession.ScreenshotAsync(page, "03-polling-tab");
        await editor.OpenTabAsync("Download");
        await BrowserSession.ScreenshotAsync(page, "04-download-tab");

        // Test: the records, the download request and response, the create and every poll.
        var testing = page.Testing();
        await testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        Assert.StartsWith("Test completed: 40 records", await page.StatusAsync());
        await Expect(testing.GetByRole(AriaRole.Tab, new() { Name = "Records", Exact = true })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(testing.GetByRole(AriaRole.Table, new() { Name = "Records" }).Locator("tbody tr")).ToHaveCountAsync(20);
        await Expect(testing).ToContainTextAsync("20 records on this page, 40 in all");
        await BrowserSession.ScreenshotAsync(page, "05-test-records");

        var results = testing.GetByRole(AriaRole.Tablist, new() { Name = "Test results" });
        await results.OpenTabAsync("Request");
        await Expect(testing.GetByLabel("request details", new() { Exact = true })).ToContainTextAsync("/files/");
        await results.OpenTabAsync("Response");
        await Expect(testing.GetByLabel("response details", new() { Exact = true })).ToContainTextAsync("Status 200");

        var other = page.OtherRequests();
        await Expect(other.Field("Other request").Locator("option", new() { HasTextRegex = new("ready → completed") })).ToHaveCountAsync(1);
        var options = await other.Field("Other request").Locator("option").AllInnerTextsAsync();
        Assert.StartsWith("Create", options[0]);
        Assert.Contains(options, o => o.StartsWith("Poll #", StringComparison.Ordinal) && o.Contains("ready → completed", StringComparison.Ordinal));
        Assert.Contains(options, o => o.StartsWith("Poll #", StringComparison.Ordinal) && o.Contains("pending → running", StringComparison.Ordinal));
        await Expect(other.GetByLabel("Other request details", new() { Exact = true })).ToContainTextAsync("POST");
        await Expect(other.GetByLabel("Other request details", new() { Exact = true })).ToContainTextAsync("/v3/marketing/contacts/exports");
        var lastPoll = options.Select((text, index) => (text, index)).Last(o => o.text.StartsWith("Poll #", StringComparison.Ordinal)).index;
        await other.Field("Other request").SelectOptionAsync(lastPoll.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await other.OpenTabAsync("Response");
        await Expect(other.GetByLabel("Other response details", new() { Exact = true })).ToContainTextAsync("\"ready\"");
        await BrowserSession.ScreenshotAsync(page, "06-other-requests");

        // The API key was saved for testing, and never came back to the page.
        var project = session.Builder.Services.GetService(typeof(Projects.ProjectStore)) is Projects.ProjectStore store ? store.Find("sendgrid")! : throw new InvalidOperationException();
        Assert.Contains(ContactsExport.ApiKey, await File.ReadAllTextAsync(project.TestingValuesPath));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(project.TestingValuesPath));
        Assert.DoesNotContain(ContactsExport.ApiKey, await File.ReadAllTextAsync(project.ManifestPath));
        Assert.DoesNotContain(ContactsExport.ApiKey, await page.ContentAsync());
        await page.Button("Inputs").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog).Field("API Key")).ToHaveValueAsync("");
        Assert.DoesNotContain(ContactsExport.ApiKey, await page.ContentAsync());
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

        var uiIds = await RecordIdsShownAsync(page);

        // UI -> YAML -> UI loses nothing; a key the forms do not know survives a form edit.
        var before = await File.ReadAllTextAsync(project.ManifestPath);
        await page.Button("YAML").ClickAsync();
        var yaml = page.GetByLabel("Manifest YAML", new() { Exact = true });
        await Expect(yaml).ToHaveValueAsync(before);
        await BrowserSession.ScreenshotAsync(page, "07-yaml");
        await yaml.FillAsync(before + "metadata:\n  author: builder test\n  tags: [contacts, async]\n");
        await page.Button("UI").ClickAsync();
        await editor.OpenTabAsync("Download");
        await Expect(editor.Field("Primary Key")).ToHaveValueAsync("CONTACT_ID");
        await editor.TypeAsync("Primary Key", "CONTACT_ID, EMAIL");
        await editor.TypeAsync("Primary Key", "CONTACT_ID");
        var after = before + "metadata:\n  author: builder test\n  tags:\n    - contacts\n    - async\n";
        await SavedAsync(project.ManifestPath, after);

        // A YAML error is shown at its line and keeps the editor open.
        await page.Button("YAML").ClickAsync();
        await yaml.FillAsync(after + "streams: [\n");
        await page.Button("UI").ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "YAML problems" })).ToContainTextAsync("line ");
        await yaml.FillAsync(after);
        await page.Button("UI").ClickAsync();
        await Expect(editor.Tab("Creation")).ToBeVisibleAsync();
        await SavedAsync(project.ManifestPath, after);

        // Export, then `siphon read` the exported manifest: the same records.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export" }).ClickAsync());
        var work = Directory.CreateTempSubdirectory("siphon-export-");
        var manifestPath = Path.Combine(work.FullName, "manifest.yaml");
        await download.SaveAsAsync(manifestPath);
        Assert.Equal(after, await File.ReadAllTextAsync(manifestPath));
        var configPath = Path.Combine(work.FullName, "config.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(new { api_key = ContactsExport.ApiKey }));
        var read = await SiphonProcess.RunAsync("read", "--manifest", manifestPath, "--config", configPath);
        Assert.True(read.ExitCode == 0, read.StandardError);
        var readIds = read.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(m => m.GetProperty("type").GetString() == "RECORD")
            .Select(m => m.GetProperty("record").GetProperty("data").GetProperty("CONTACT_ID").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(40, readIds.Count);
        Assert.Equal(readIds.Order(StringComparer.Ordinal), uiIds.Order(StringComparer.Ordinal));
        work.Delete(recursive: true);
    }

    [Fact]
    public async Task Cancel_WhileTheJobRuns_StopsTheTestAndTheSimulatorReportsTheJobAborted()
    {
        var page = await session.NewPageAsync();
        await ContactsExport.ConfigureNeverFinishingAsync(page, session.Simulator.BaseUrl, "slow-export");
        var editor = page.Editor();
        await Expect(editor.Field("Abort HTTP Method")).ToHaveValueAsync("POST");

        var abortedBefore = await JobsAbortedAsync();
        var testing = page.Testing();
        await page.Keyboard.PressAsync("Control+Enter");
        // The default polling policy: 1 s, then x1.5 per poll; each running poll says when the next one comes.
        var progress = testing.GetByRole(AriaRole.List, new() { Name = "Progress" });
        await Expect(progress).ToContainTextAsync("poll #2: pending → running, next poll in 2.3s", new() { Timeout = 30_000 });
        await Expect(progress).ToContainTextAsync("poll #1: pending → running, next poll in 1.5s");
        await BrowserSession.ScreenshotAsync(page, "08-test-running");
        await testing.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();

        Assert.StartsWith("Test cancelled", await page.StatusAsync());
        Assert.Equal(abortedBefore + 1, await JobsAbortedAsync());
        await Expect(page.OtherRequests().Field("Other request").Locator("option", new() { HasTextRegex = new("^Abort") })).ToHaveCountAsync(1);
        await Expect(testing.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true })).ToBeEnabledAsync();
    }

    /// <summary>Autosave happens when a field is left; waits (a little) for the file to hold <paramref name="expected"/>.</summary>
    private static async Task SavedAsync(string path, string expected)
    {
        var text = "";
        for (var i = 0; i < 200 && (text = await File.ReadAllTextAsync(path)) != expected; i++) await Task.Delay(100);
        Assert.Equal(expected, text);
    }

    private async Task<long> JobsAbortedAsync()
    {
        using var http = new HttpClient { BaseAddress = session.Simulator.BaseUrl };
        var stats = await http.GetFromJsonAsync<JsonElement>("__stats");
        return stats.GetProperty("jobsAborted").GetInt64();
    }

    /// <summary>The CONTACT_ID of every record the Records tab shows, page by page, in its JSON view.</summary>
    private static async Task<HashSet<string>> RecordIdsShownAsync(IPage page)
    {
        var testing = page.Testing();
        await testing.GetByRole(AriaRole.Tablist, new() { Name = "Test results" }).OpenTabAsync("Records");
        await testing.GetByLabel("JSON view").CheckAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var pages = testing.Field("Page");
        var count = await pages.CountAsync() == 0 ? 1 : await pages.Locator("option").CountAsync();
        var json = testing.GetByLabel("Records JSON", new() { Exact = true });
        var previous = "";
        for (var i = 0; i < count; i++)
        {
            if (count > 1) await pages.SelectOptionAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(json).ToContainTextAsync("CONTACT_ID");
            // The server renders the chosen page after the select changes: wait for it rather than read the last page twice.
            if (i > 0) await Expect(json).Not.ToHaveTextAsync(previous);
            previous = await json.InnerTextAsync();
            foreach (var line in previous.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                ids.Add(JsonDocument.Parse(line).RootElement.GetProperty("CONTACT_ID").GetString()!);
        }
        return ids;
    }
}
