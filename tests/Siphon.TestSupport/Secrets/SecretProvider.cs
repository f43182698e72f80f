using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Siphon.TestSupport;

/// <summary>
/// An API on loopback that demands every kind of credential: an OAuth token endpoint (refresh token + client secret, answers
/// with an access token), a session login (username + password, answers with a session token), Basic auth, and an API key
/// in the query string. Its records never contain a secret; its error endpoints echo every credential they received, as
/// careless real APIs do, so the engine's error paths are tested against the worst case. Shared by the CLI's secrets
/// sweep and the builder's redaction tests.
/// </summary>
public sealed class SecretProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _authorized;

    private SecretProvider(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests that presented the right credentials: proof that the secrets were really used.</summary>
    public int Authorized => _authorized;

    /// <param name="secrets">The credentials it demands.</param>
    /// <param name="echoInRecords">Records also carry the credentials they were read with (a test read must redact them; a real read keeps records as they are).</param>
    public static async Task<SecretProvider> StartAsync(SecretSet secrets, bool echoInRecords = false)
    {
        var app = LoopbackApp.Create();
        var provider = new SecretProvider(app);

        app.MapPost("/oauth/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_secret"] != secrets.ClientSecret || form["refresh_token"] != secrets.RefreshToken)
                return Results.Json(new { error = $"invalid_client {form["client_secret"]} {form["refresh_token"]}" }, statusCode: 401);
            return Results.Json(new { access_token = secrets.AccessToken, expires_in = 3600, token_type = "Bearer" });
        });
        app.MapPost("/session", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = System.Text.Json.JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
            if (body.GetProperty("username").GetString() != secrets.SessionUser || body.GetProperty("password").GetString() != secrets.SessionPassword)
                return Results.Json(new { error = "bad login" }, statusCode: 401);
            return Results.Json(new { token = secrets.SessionToken });
        });
        string Echo(HttpRequest request) => echoInRecords ? $"authorization={request.Headers.Authorization} session={request.Headers["X-Session-Token"]} key={request.Query["key"]}" : "";
        app.MapGet("/oauth/items", (HttpRequest request) =>
            Authorize(provider, request.Headers.Authorization == $"Bearer {secrets.AccessToken}" && request.Query["key"] == secrets.ApiKey, "oauth", Echo(request)));
        app.MapGet("/basic/items", (HttpRequest request) =>
            Authorize(provider, request.Headers.Authorization == "Basic " + secrets.BasicCredential, "basic", Echo(request)));
        app.MapGet("/session/items", (HttpRequest request) =>
            Authorize(provider, request.Headers["X-Session-Token"] == secrets.SessionToken, "session", Echo(request)));
        // Careless error pages: they echo back every credential of the request.
        app.MapGet("/echo/{status:int}", (int status, HttpRequest request) =>
            Results.Text($"denied: authorization={request.Headers.Authorization} session={request.Headers["X-Session-Token"]} query={request.QueryString} key={request.Query["key"]} " +
                $"url={new Uri($"http://{request.Host}{request.Path}{request.QueryString}")} as-base64={Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()))}",
                "text/plain", Encoding.UTF8, status));

        await app.StartAsync();
        provider.BaseUrl = LoopbackApp.BaseUrl(app);
        return provider;
    }

    private static IResult Authorize(SecretProvider provider, bool authorized, string kind, string echo)
    {
        if (!authorized) return Results.Json(new { error = "bad credentials" }, statusCode: 401);
        Interlocked.Increment(ref provider._authorized);
        Dictionary<string, object> Record(int id, string updatedAt, string name)
        {
            var record = new Dictionary<string, object> { ["id"] = id, ["kind"] = kind, ["updated_at"] = updatedAt, ["name"] = name };
            if (echo.Length > 0) record["echo"] = echo;
            return record;
        }
        return Results.Json(new { results = new[] { Record(1, "2024-01-05T00:00:00Z", "first"), Record(2, "2024-01-06T00:00:00Z", "second") } });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Every secret of one run, and every form in which it could leak.</summary>
public sealed record SecretSet
{
    public string ApiKey { get; } = "ak-Sw33p/k3y+with sp@ce&é=" + Guid.NewGuid().ToString("N")[..8];
    public string ClientSecret { get; } = "cs-Sw33p$ecret/+=" + Guid.NewGuid().ToString("N")[..8];
    public string RefreshToken { get; } = "rt-Sw33p-" + Guid.NewGuid().ToString("N");
    public string AccessToken { get; } = "at-Sw33p-" + Guid.NewGuid().ToString("N");
    public string Username { get; } = "ada-sweep";
    public string Password { get; } = "pw-Sw33p:s w0rd!" + Guid.NewGuid().ToString("N")[..8];
    public string SessionUser { get; } = "grace-sweep";
    public string SessionPassword { get; } = "sp-Sw33p#" + Guid.NewGuid().ToString("N")[..8];
    public string SessionToken { get; } = "st-Sw33p-" + Guid.NewGuid().ToString("N");

    public string BasicCredential => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>(what, text) for every form of every secret: plain, URL-encoded both ways, JSON-escaped both ways, base64, and the Basic credential.</summary>
    public IEnumerable<(string What, string Text)> Forms()
    {
        var named = new[]
        {
            ("api key", ApiKey), ("client secret", ClientSecret), ("refresh token", RefreshToken), ("access token", AccessToken),
            ("password", Password), ("session password", SessionPassword), ("session token", SessionToken),
        };
        foreach (var (what, secret) in named)
        {
            yield return (what, secret);
            yield return ($"{what} (URL-encoded)", Uri.EscapeDataString(secret));
            yield return ($"{what} (form-encoded)", WebUtility.UrlEncode(secret));
            yield return ($"{what} (JSON-escaped)", System.Text.Json.JsonEncodedText.Encode(secret).ToString());
            yield return ($"{what} (base64)", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
            yield return ($"{what} (percent-encoded, lower-case hex)", Regex.Replace(Uri.EscapeDataString(secret), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()));
            yield return ($"{what} (percent-encoded, non-ASCII as is)", Regex.Replace(Uri.EscapeDataString(secret), "(%[89A-F][0-9A-F])+", m => Uri.UnescapeDataString(m.Value)));
            yield return ($"{what} (base64 of Bearer <secret>)", Convert.ToBase64String(Encoding.UTF8.GetBytes("Bearer " + secret)));
            yield return ($"{what} (URL-safe base64)", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).Replace('+', '-').Replace('/', '_').TrimEnd('='));
        }
        yield return ("Basic credential", BasicCredential);
    }
}
