using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Siphon.Manifest;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Testing;
using Siphon.Values;

namespace Siphon.Builder;

/// <summary>
/// The builder's HTTP API:
/// <list type="bullet">
/// <item><c>POST /api/test-reads</c> starts a test read (manifest, config, stream, limits, optional state) and answers its id;</item>
/// <item><c>GET /api/test-reads/{id}/events</c> streams its progress as server-sent events (replayed from the start, or after <c>Last-Event-ID</c>);</item>
/// <item><c>GET /api/test-reads/{id}</c> answers the result (202 with the status while it runs; <c>?wait=S</c> waits up to S seconds);</item>
/// <item><c>GET /api/test-reads/{id}/cassette</c> answers the recorded cassette of a read started with <c>record: true</c>;</item>
/// <item><c>DELETE /api/test-reads/{id}</c> cancels it: the read stops and aborts the provider jobs it started;</item>
/// <item><c>POST /api/manifest/resolve</c> and <c>POST /api/manifest/validate</c>: references and parameters resolved, or every problem with its position.</item>
/// </list>
/// </summary>
public static class BuilderApi
{
    public static IServiceCollection AddSiphonBuilder(this IServiceCollection services, bool refuseLinkLocal = true)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TestReadRuns(sp.GetRequiredService<TimeProvider>(), refuseLinkLocal));
        services.AddSingleton(sp => new Sessions.GeneratedStreams(sp.GetRequiredService<TimeProvider>(), refuseLinkLocal));
        return services;
    }

    public static IEndpointRouteBuilder MapSiphonBuilderApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapPost("/test-reads", StartAsync);
        api.MapGet("/test-reads/{id}", ResultAsync);
        api.MapGet("/test-reads/{id}/events", EventsAsync);
        api.MapGet("/test-reads/{id}/cassette", (string id, TestReadRuns runs) =>
            runs.Find(id) is not { } run ? NotFound(id)
            : run.Outcome?.Cassette is { } cassette ? Results.Text(cassette.ToJson(), "application/json")
            : Results.Json(new { error = run.Outcome is null ? "the test read is still running" : "this test read did not record a cassette" }, statusCode: 404));
        api.MapDelete("/test-reads/{id}", CancelAsync);
        api.MapPost("/manifest/resolve", ResolveAsync);
        api.MapPost("/manifest/validate", ValidateAsync);
        return routes;
    }

    private static IResult NotFound(string id) => Results.Json(new { error = $"no test read '{id}'" }, statusCode: 404);

    private static IResult BadRequest(IEnumerable<string> errors) => Results.Json(new { errors = errors.ToList() }, statusCode: 400);

    private static async Task<IResult> StartAsync(HttpRequest http, TestReadRuns runs, CancellationToken cancellationToken)
    {
        JsonElement body;
        try { body = await ReadBodyAsync(http, cancellationToken); }
        catch (JsonException e) { return BadRequest([$"the request body is not JSON: {e.Message}"]); }

        var errors = new List<string>();
        if (ManifestText(body) is not { } manifestText) return BadRequest(["'manifest' is required: the manifest as YAML text or as a JSON object"]);
        var loaded = ConnectorLoader.Parse("manifest.yaml", manifestText);
        if (loaded.HasErrors)
            return Results.Json(new { errors = loaded.Errors.Select(e => e.ToString()).ToList(), problems = loaded.Problems.Select(Problem).ToList() }, statusCode: 400);

        var config = body.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object
            ? (Dictionary<string, object?>)JsonValues.Parse(c.GetRawText())!
            : JsonValues.NewObject();
        var stream = Text(body, "stream") ?? Text(body, "stream_name");
        if (stream is null) errors.Add("'stream' is required");
        else if (loaded.Definition!.FindStream(stream) is null && loaded.Definition.DynamicStreams.Count == 0)
            errors.Add($"the manifest has no stream '{stream}' (it has {string.Join(", ", loaded.Definition.Streams.Select(s => s.Name))})");

        Cassette? replay = null;
        if (body.TryGetProperty("replay", out var r) && r.ValueKind == JsonValueKind.Object)
        {
            try { replay = Cassette.FromJson(r.GetRawText()); }
            catch (JsonException e) { errors.Add($"'replay' is not a cassette: {e.Message}"); }
        }
        var request = new TestReadRequest
        {
            Stream = stream ?? "",
            State = State(body, stream),
            Limits = new TestReadLimits
            {
                Records = Int(body, "record_limit") ?? TestReadLimits.DefaultRecords,
                PagesPerSlice = Int(body, "page_limit") ?? TestReadLimits.DefaultPagesPerSlice,
                Slices = Int(body, "slice_limit") ?? TestReadLimits.DefaultSlices,
                Streams = Int(body, "stream_limit") ?? TestReadLimits.DefaultStreams,
            },
            JobAttempts = Int(body, "job_attempts"),
            JobTimeout = Number(body, "job_timeout_minutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            BodyCaptureBytes = Int(body, "body_capture_bytes") ?? TestReadRequest.DefaultBodyCaptureBytes,
            Record = body.TryGetProperty("record", out var rec) && rec.ValueKind == JsonValueKind.True,
            Replay = replay,
        };
        if (stream is not null) errors.AddRange(request.Problems());
        if (errors.Count > 0) return BadRequest(errors);

        var run = runs.Start(loaded.Definition!, config, request);
        return Results.Json(new { id = run.Id, status = run.Status, events = $"/api/test-reads/{run.Id}/events", result = $"/api/test-reads/{run.Id}" }, statusCode: 202);
    }

    private static async Task<IResult> ResultAsync(string id, double? wait, TestReadRuns runs, CancellationToken cancellationToken)
    {
        if (runs.Find(id) is not { } run) return NotFound(id);
        if (wait is > 0 && !run.Completion.IsCompleted)
        {
            try { await run.Completion.WaitAsync(TimeSpan.FromSeconds(Math.Min(wait.Value, 300)), cancellationToken); }
            catch (TimeoutException) { }
        }
        return run.Outcome is { } outcome
            ? Results.Text(outcome.Result.ToJson(), "application/json")
            : Results.Json(new { id, status = run.Status }, statusCode: 202);
    }

    private static async Task<IResult> CancelAsync(string id, TestReadRuns runs)
    {
        if (runs.Find(id) is not { } run) return NotFound(id);
        run.Cancel();
        try { await run.Completion.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { }
        return Results.Json(new { id, status = run.Status });
    }

    private static async Task EventsAsync(string id, HttpContext http, TestReadRuns runs)
    {
        var cancellationToken = http.RequestAborted;
        if (runs.Find(id) is not { } run)
        {
            await NotFound(id).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        long after = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var last) ? last : 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (items, more) = run.ProgressAfter(after);
            foreach (var item in items)
            {
                var frame = $"id: {item.Sequence}\nevent: {item.Kind}\ndata: {JsonSerializer.Serialize(item, StreamReadResult.JsonOptions)}\n\n";
                await http.Response.WriteAsync(frame, Encoding.UTF8, cancellationToken);
                after = item.Sequence;
                if (item.Kind == "finished")
                {
                    await http.Response.Body.FlushAsync(cancellationToken);
                    return;
                }
            }
            await http.Response.Body.FlushAsync(cancellationToken);
            if (items.Count == 0 && run.Completion.IsCompleted) return;
            try { await more.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken); }
            catch (TimeoutException) { await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static async Task<IResult> ResolveAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        JsonElement body;
        try { body = await ReadBodyAsync(http, cancellationToken); }
        catch (JsonException e) { return BadRequest([$"the request body is not JSON: {e.Message}"]); }
        if (ManifestText(body) is not { } text) return BadRequest(["'manifest' is required"]);
        var document = ManifestDocument.Parse("manifest.yaml", text);
        var errors = document.Errors.Where(e => e.Severity == ManifestSeverity.Error).ToList();
        if (errors.Count > 0 || document.Resolved is null)
            return Results.Json(new { errors = errors.Select(Problem).ToList() }, statusCode: 400);
        return Results.Text($"{{\"manifest\":{JsonValues.ToJson(document.Resolved.ToValue())}}}", "application/json");
    }

    private static async Task<IResult> ValidateAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        JsonElement body;
        try { body = await ReadBodyAsync(http, cancellationToken); }
        catch (JsonException e) { return BadRequest([$"the request body is not JSON: {e.Message}"]); }
        if (ManifestText(body) is not { } text) return BadRequest(["'manifest' is required"]);
        var loaded = ConnectorLoader.Parse("manifest.yaml", text);
        return Results.Json(new
        {
            valid = !loaded.HasErrors,
            streams = loaded.Definition?.Streams.Select(s => new { name = s.Name, kind = s.Kind.ToString().ToLowerInvariant(), supported = s.IsSupported, unsupported_reasons = s.UnsupportedReasons }).ToList(),
            problems = loaded.Problems.Select(Problem).ToList(),
        });
    }

    private static object Problem(ManifestError e) => new
    {
        line = e.Position.Line, column = e.Position.Column, path = e.Path, kind = e.Kind.ToString(),
        severity = e.Severity.ToString().ToLowerInvariant(), message = e.Message, text = e.ToString(),
    };

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("expected a JSON object");
        return document.RootElement.Clone();
    }

    /// <summary>The manifest as YAML text (JSON is YAML too).</summary>
    private static string? ManifestText(JsonElement body) => body.TryGetProperty("manifest", out var m) ? m.ValueKind switch
    {
        JsonValueKind.String => m.GetString(),
        JsonValueKind.Object => m.GetRawText(),
        _ => null,
    } : null;

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static double? Number(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>The stream's state: a <c>stream_state</c> object, or the protocol's list of per-stream STATE messages.</summary>
    private static Dictionary<string, object?>? State(JsonElement body, string? stream)
    {
        if (!body.TryGetProperty("state", out var s)) return null;
        var value = JsonValues.Parse(s.GetRawText());
        if (value is List<object?> && stream is not null) return ProtocolState.PerStream(value).GetValueOrDefault(stream);
        return value as Dictionary<string, object?>;
    }
}
