using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Siphon.Builder.BrowserTests;

/// <summary>Rate limits and other API errors are handled through a form (the guide's best practice 4; issue 23).</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Long")]
public sealed partial class ErrorHandlingTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [Fact]
    public async Task ErrorHandler_RateLimitRuleSetInTheForm_IsInTheYamlAndTheTestSucceedsAfterTheRetryAfterWait()
    {
        await using var api = await RateLimitedExport.StartAsync(retryAfterSeconds: 2);
        var page = await session.NewPageAsync();
        await ContactsExport.ConfigureAsync(page, api.BaseUrl, "rate-limited");
        var editor = page.Editor();
        await editor.OpenTabAsync("Polling");

        await editor.Locator("summary").GetByText("Error handling", new() { Exact = true }).ClickAsync();
        await editor.Field("Backoff Strategy").SelectOptionAsync("WaitTimeFromHeader");
        await Expect(editor.Field("Backoff header")).ToHaveValueAsync("Retry-After");
        await editor.TypeAsync("Max Retries", "3");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Add response filter", Exact = true }).ClickAsync();
        await editor.Field("Response filter 1: action").SelectOptionAsync("RATE_LIMITED");
        await Expect(editor.Field("Response filter 1: action")).ToHaveValueAsync("RATE_LIMITED");
        await editor.TypeAsync("Response filter 1: http codes", "429");
        await Expect(editor.Field("Response filter 1: http codes")).ToHaveValueAsync("429");
        await BrowserSession.ScreenshotAsync(page, "23-error-handling-form");

        await page.Button("YAML").ClickAsync();
        var yaml = page.GetByLabel("Manifest YAML", new() { Exact = true });
        await Expect(yaml).ToHaveValueAsync(new Regex(@"error_handler:\s+type: DefaultErrorHandler\s+backoff_strategies:\s+- type: WaitTimeFromHeader\s+header: Retry-After\s+max_retries: 3\s+response_filters:\s+- type: HttpResponseFilter\s+action: RATE_LIMITED\s+http_codes:\s+- 429"));
        await page.Button("UI").ClickAsync();

        await page.Testing().GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();

        Assert.StartsWith("Test completed: 2 records", await page.StatusAsync());
        var polls = api.Polls.ToArray();
        Assert.Equal(2, polls.Length);
        Assert.True(polls[1] - polls[0] >= TimeSpan.FromSeconds(2), $"the retry came {polls[1] - polls[0]} after the 429");
        var requests = await page.OtherRequests().Field("Other request").Locator("option").AllInnerTextsAsync();
        var limited = requests.Select(r => PollLine().Match(r)).FirstOrDefault(m => m.Success && m.Groups["http"].Value == "429");
        var answered = requests.Select(r => PollLine().Match(r)).FirstOrDefault(m => m.Success && m.Groups["http"].Value == "200");
        Assert.True(limited is not null && answered is not null, string.Join(" | ", requests));
        Assert.True(TimeSpan.Parse(answered.Groups["time"].Value) - TimeSpan.Parse(limited.Groups["time"].Value) >= TimeSpan.FromSeconds(2), string.Join(" | ", requests));
        await BrowserSession.ScreenshotAsync(page, "23-error-handling-retried");
    }

    [GeneratedRegex(@"^Poll #\d+ (?<time>\d\d:\d\d:\d\d).*\(HTTP (?<http>\d+)\)$")]
    private static partial Regex PollLine();

    /// <summary>A contacts export (as the simulator's) whose first poll answers 429 with Retry-After.</summary>
    private sealed class RateLimitedExport : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _polls;

        private RateLimitedExport(WebApplication app) => _app = app;

        public Uri BaseUrl { get; private set; } = null!;

        /// <summary>When each poll arrived.</summary>
        public ConcurrentQueue<DateTimeOffset> Polls { get; } = new();

        public static async Task<RateLimitedExport> StartAsync(int retryAfterSeconds)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new RateLimitedExport(app);
            app.MapPost("/v3/marketing/contacts/exports", () => Results.Json(new { id = "job-1" }));
            app.MapGet("/v3/marketing/contacts/exports/job-1", (HttpResponse response) =>
            {
                server.Polls.Enqueue(DateTimeOffset.UtcNow);
                if (Interlocked.Increment(ref server._polls) == 1)
                {
                    response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Results.Json(new { errors = new[] { new { message = "rate limit exceeded" } } }, statusCode: 429);
                }
                return Results.Json(new { status = "ready", urls = new[] { $"{server.BaseUrl}files/job-1.csv.gz" } });
            });
            app.MapGet("/files/job-1.csv.gz", () => Results.Bytes(Gzip("CONTACT_ID,EMAIL\nc1,a@example.com\nc2,b@example.com\n"), "application/gzip"));
            await app.StartAsync();
            server.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
            return server;
        }

        private static byte[] Gzip(string text)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
            return output.ToArray();
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
