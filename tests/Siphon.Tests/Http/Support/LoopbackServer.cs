using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Siphon.Tests.Http.Support;

/// <summary>A request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port. Each test sets <see cref="Handle"/>; every request is
/// recorded. One per test class (xunit runs a class's tests one after another).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public LoopbackServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body));
            await Handle(context);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Urls.First().TrimEnd('/');
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Func<HttpContext, Task> Handle { get; set; } = context => context.Response.WriteAsync("{}");

    /// <summary>Resets the recorded requests and sets the handler for the next test.</summary>
    public void Reset(Func<HttpContext, Task> handle)
    {
        Requests.Clear();
        Handle = handle;
    }

    /// <summary>Resets, then answers every request with the JSON <paramref name="body"/> gives for it.</summary>
    public void ServeJson(Func<HttpContext, string> body) => Reset(context =>
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body(context));
    });

    /// <summary>Answers each request with the next of <paramref name="responses"/> (the last one repeats).</summary>
    public void Respond(params (int Status, string Body, (string Name, string Value)[] Headers)[] responses)
    {
        var next = 0;
        Reset(async context =>
        {
            var (status, body, headers) = responses[Math.Min(Interlocked.Increment(ref next) - 1, responses.Length - 1)];
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            if (!context.Response.Headers.ContainsKey("Content-Type")) context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
