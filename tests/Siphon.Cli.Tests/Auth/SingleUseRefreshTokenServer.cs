using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests.Auth;

/// <summary>
/// An API on loopback whose OAuth refresh tokens are single-use: each refresh answers a new access token and a new
/// refresh token, and a refresh token already used is refused with <c>400 invalid_grant</c>. Its data endpoints
/// (three lists and an asynchronous export: create, poll, download) answer 401 to anything but the current token.
/// </summary>
internal sealed class SingleUseRefreshTokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<string> _issued = [];
    private int _refreshes, _rejectedRefreshes, _authorized, _unauthorized;

    private SingleUseRefreshTokenServer(WebApplication app, string refreshToken)
    {
        _app = app;
        RefreshToken = refreshToken;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The refresh token the server accepts now.</summary>
    public string RefreshToken { get; private set; }

    public string? AccessToken { get; private set; }

    /// <summary>Every token the server handed out or accepted, for a test to look for in output.</summary>
    public IReadOnlyList<string> Issued
    {
        get { lock (_gate) return [.. _issued]; }
    }

    public int Refreshes => _refreshes;
    public int RejectedRefreshes => _rejectedRefreshes;
    public int Authorized => _authorized;
    public int Unauthorized => _unauthorized;

    public static async Task<SingleUseRefreshTokenServer> StartAsync()
    {
        var app = LoopbackApp.Create();
        var server = new SingleUseRefreshTokenServer(app, "rt-0-" + Guid.NewGuid().ToString("N"));
        server._issued.Add(server.RefreshToken);

        app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            lock (server._gate)
            {
                if (form["grant_type"] != "refresh_token" || form["refresh_token"] != server.RefreshToken)
                {
                    server._rejectedRefreshes++;
                    return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
                }
                var n = ++server._refreshes;
                server.AccessToken = $"at-{n}-" + Guid.NewGuid().ToString("N");
                server.RefreshToken = $"rt-{n}-" + Guid.NewGuid().ToString("N");
                server._issued.Add(server.AccessToken);
                server._issued.Add(server.RefreshToken);
                return Results.Json(new { access_token = server.AccessToken, refresh_token = server.RefreshToken, expires_in = 3600, token_type = "Bearer" });
            }
        });
        app.MapGet("/lists/{name}", (string name, HttpRequest request) =>
            server.Authorize(request, () => Results.Json(new { data = new[] { new { id = $"{name}-1" }, new { id = $"{name}-2" } } })));
        app.MapPost("/exports", (HttpRequest request) => server.Authorize(request, () => Results.Json(new { export = new { ref_code = "e-17" } })));
        app.MapGet("/exports/{code}", (string code, HttpRequest request) => server.Authorize(request, () => Results.Json(new { state = "ready", code })));
        app.MapGet("/exports/{code}/rows", (string code, HttpRequest request) =>
            server.Authorize(request, () => Results.Json(new { data = new[] { new { id = $"{code}-row-1" } } })));

        await app.StartAsync();
        server.BaseUrl = LoopbackApp.BaseUrl(app);
        return server;
    }

    private IResult Authorize(HttpRequest request, Func<IResult> answer)
    {
        string? current;
        lock (_gate) current = AccessToken;
        if (current is null || request.Headers.Authorization != $"Bearer {current}")
        {
            Interlocked.Increment(ref _unauthorized);
            return Results.Json(new { error = "invalid_token" }, statusCode: 401);
        }
        Interlocked.Increment(ref _authorized);
        return answer();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
