using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

/// <summary>`siphon read` over an API on 127.0.0.1 that answers the first request for page 3 with HTTP 400: the reset is a LOG line.</summary>
public sealed class PaginationResetCommandTests
{
    [Fact]
    public async Task Read_PageAnsweredWithResetPagination_LogsTheResetAndEmitsEveryRecordOnce()
    {
        await using var app = LoopbackApp.Create();
        var refused = 0;
        app.MapGet("/items", (HttpContext context) =>
        {
            var page = int.Parse(context.Request.Query["page"].FirstOrDefault() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            if (page == 3 && Interlocked.Increment(ref refused) == 1) return Results.Json(new { error = "cursor expired" }, statusCode: 400);
            return Results.Json(new { items = Enumerable.Range((page - 1) * 2 + 1, page < 4 ? 2 : 1).Select(id => new { id }) });
        });
        await app.StartAsync();
        using var dir = new TempFolder("siphon-reset-");
        var manifest = dir.Write("reset.yaml", "version: 6.5.0\ncheck: { stream_names: [items] }\n" + TestManifests.ItemsStream($"{app.Urls.First()}/items",
            stream: "schema_loader: { type: InlineSchemaLoader, schema: { type: object } }",
            requester: "error_handler: { type: DefaultErrorHandler, response_filters: [ { type: HttpResponseFilter, http_codes: [400], action: RESET_PAGINATION } ] }",
            fieldPath: "[items]",
            retriever: """
                paginator:
                  type: DefaultPaginator
                  pagination_strategy: { type: PageIncrement, page_size: 2, start_from_page: 1 }
                  page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
                pagination_reset: { type: PaginationReset, action: RESET }
                """));
        var config = dir.Write("config.json", "{}");

        var result = await SiphonProcess.RunProgramAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "siphon.dll"), "read", "--manifest", manifest, "--config", config],
            new Dictionary<string, string>(), TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var lines = result.StandardOutput.Split('\n');
        var log = Assert.Single(lines, l => l.Contains("pagination reset", StringComparison.Ordinal));
        Assert.Contains("\"LOG\"", log);
        Assert.Contains("items: pagination reset (the error handler answered HTTP 400 with RESET_PAGINATION); reading from the first page of slice {}", log);
        Assert.Equal(7, lines.Count(l => l.Contains("\"RECORD\"", StringComparison.Ordinal)));
    }
}
