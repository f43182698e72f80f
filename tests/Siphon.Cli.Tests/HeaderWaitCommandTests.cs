using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

/// <summary>
/// A server that takes its time before sending the response headers: `siphon read` must say what it waits for every
/// 30 s (the step and the URL, credentials masked) instead of staying silent for the whole request timeout.
/// </summary>
[Trait("Category", "Long")]
public sealed class HeaderWaitCommandTests
{
    private const string Key = "Wq7-SECRET-key";

    [Fact]
    public async Task Read_ServerWithholdsHeadersFor35Seconds_LogsTheStepAndTheMaskedUrlItWaitsFor()
    {
        await using var app = LoopbackApp.Create();
        app.MapGet("/items", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(35), context.RequestAborted);
            return Results.Json(new { items = new[] { new { id = 1 } } });
        });
        await app.StartAsync();
        using var dir = new TempFolder("siphon-wait-");
        var manifest = dir.Write("slow.yaml", TestManifests.HeaderWithSpec("""
            base_url: { type: string }
            api_key: { type: string, airbyte_secret: true }
            """) + TestManifests.ItemsStream("{{ config['base_url'] }}/items", fieldPath: "[items]",
            stream: "schema_loader: { type: InlineSchemaLoader, schema: { type: object } }",
            requester: """request_parameters: { api_key: "{{ config['api_key'] }}", page: "1" }"""));
        var config = dir.Write("config.json", $$"""{"base_url":"{{app.Urls.First()}}","api_key":"{{Key}}"}""");

        var result = await SiphonProcess.RunProgramAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "read", "--manifest", manifest, "--config", config],
            new Dictionary<string, string>(), TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var notice = Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains("still waiting for the response", StringComparison.Ordinal));
        Assert.Contains("\"LOG\"", notice);
        Assert.Contains($"GET {app.Urls.First()}/items?", notice);
        Assert.Contains("page=1", notice);
        Assert.Contains("(30 s so far", notice);
        Assert.DoesNotContain(Key, result.StandardOutput + result.StandardError);
    }
}
