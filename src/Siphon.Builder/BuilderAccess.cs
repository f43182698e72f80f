using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Siphon.Builder;

/// <summary>
/// Who may drive the builder: only the user who started it. Any web page the user opens can send requests to a port on
/// 127.0.0.1, and a DNS-rebinding page can even read the answers, so every request must
/// <list type="bullet">
/// <item>name the loopback address and port the builder listens on as its <c>Host</c> (a rebound name is refused);</item>
/// <item>come from that origin, when the browser says where it comes from (<c>Origin</c>);</item>
/// <item>carry the per-launch secret, except the static assets: the URL <c>siphon serve</c> prints and opens holds it
/// (<c>?token=</c>), which is turned into a same-site, HTTP-only cookie, as notebook servers do; API clients may send it as
/// <c>Authorization: Bearer</c>;</item>
/// <item>post JSON to the API as <c>application/json</c> (a cross-origin form or <c>text/plain</c> post is refused before
/// anything reads it).</item>
/// </list>
/// </summary>
public sealed class BuilderAccess
{
    public const string TokenParameter = "token";

    private static readonly string[] PublicPaths = ["/_framework/blazor.web.js", "/builder.css", "/builder.js", "/favicon.ico"];
    private static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    private readonly byte[] _token;

    public BuilderAccess(string token)
    {
        Token = token;
        _token = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>The per-launch secret.</summary>
    public string Token { get; }

    /// <summary>A new random secret, URL-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        var port = http.Connection.LocalPort;
        if (!IsLoopback(request.Host, port))
        {
            await RefuseAsync(http, StatusCodes.Status421MisdirectedRequest, $"this builder answers only to 127.0.0.1:{port} or localhost:{port}, not '{request.Host}'");
            return;
        }
        if (request.Headers.Origin is { Count: > 0 } origin && !IsOwnOrigin(origin.ToString(), port))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, $"requests from '{origin}' are not allowed");
            return;
        }
        if (request.Query[TokenParameter] is { Count: > 0 } offered && Matches(offered.ToString()))
        {
            // The launch URL: remember the secret in a cookie and drop it from the address bar and history.
            http.Response.Cookies.Append(CookieName(port), Token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            var query = QueryString.Create(request.Query.Where(q => q.Key != TokenParameter));
            http.Response.Redirect(request.PathBase + request.Path + query);
            return;
        }
        if (!IsPublic(request.Path) && !HasToken(request, port))
        {
            await RefuseAsync(http, StatusCodes.Status401Unauthorized,
                "open the URL `siphon serve` printed: it carries this launch's access token (restart `siphon serve` to get a new one)");
            return;
        }
        if (request.Path.StartsWithSegments("/api") && HttpMethods.IsPost(request.Method) && !IsJson(request.ContentType))
        {
            await RefuseAsync(http, StatusCodes.Status415UnsupportedMediaType, "the builder's API accepts only Content-Type: application/json");
            return;
        }
        await next(http);
    }

    private static bool IsLoopback(HostString host, int port) =>
        host.HasValue && host.Port == port && LoopbackHosts.Any(name => string.Equals(host.Host, name, StringComparison.OrdinalIgnoreCase));

    private static bool IsOwnOrigin(string origin, int port) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Port == port && uri.AbsolutePath == "/"
        && LoopbackHosts.Any(name => string.Equals(uri.Host == "::1" || uri.Host == "[::1]" ? "[::1]" : uri.Host, name, StringComparison.OrdinalIgnoreCase));

    private bool HasToken(HttpRequest request, int port)
    {
        if (request.Cookies.TryGetValue(CookieName(port), out var cookie) && Matches(cookie)) return true;
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim());
    }

    private bool Matches(string offered) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), _token);

    // Cookies are shared by every port of a host: one name per port keeps two builders from overwriting each other's.
    private static string CookieName(int port) => $"siphon-builder-{port}";

    private static bool IsPublic(PathString path) => PublicPaths.Any(p => path.Equals(p, StringComparison.Ordinal));

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { error = message });
    }
}
