namespace Siphon.Builder.Editing;

/// <summary>
/// The authentication kinds the forms offer and how each is written: one authenticator node, plus the user inputs it
/// reads (Bearer creates the secret input <c>api_key</c> and the token <c>{{ config['api_key'] }}</c>). The global
/// settings and a requester's own override both build theirs here.
/// </summary>
public static class Authenticators
{
    public const string None = "No auth", ApiKey = "API Key", Bearer = "Bearer", Basic = "Basic", OAuth = "OAuth", SessionToken = "Session token";

    public static IReadOnlyList<string> Kinds { get; } = [None, ApiKey, Bearer, Basic, OAuth, SessionToken];

    /// <summary>The kind of an authenticator node; null when it is none the forms know (a custom component, a reference...).</summary>
    public static string? KindOf(object? authenticator) => authenticator switch
    {
        null => None,
        Dictionary<string, object?> node => ValuePath.Text(node, "type") switch
        {
            "NoAuth" => None,
            "ApiKeyAuthenticator" => ApiKey,
            "BearerAuthenticator" => Bearer,
            "BasicHttpAuthenticator" => Basic,
            "OAuthAuthenticator" => OAuth,
            "SessionTokenAuthenticator" => SessionToken,
            _ => null,
        },
        _ => null,
    };

    public static string ApiKeyHeader(object? authenticator) =>
        ValuePath.Text(authenticator as Dictionary<string, object?>, "inject_into", "field_name") ?? ValuePath.Text(authenticator as Dictionary<string, object?>, "header") ?? "X-Api-Key";

    public static string TokenRefreshEndpoint(object? authenticator) => ValuePath.Text(authenticator as Dictionary<string, object?>, "token_refresh_endpoint") ?? "";

    public static string LoginPath(object? authenticator) => ValuePath.Text(authenticator as Dictionary<string, object?>, "login_requester", "path") ?? "/login";

    /// <summary>
    /// The authenticator of a kind (not <see cref="None"/>), after adding the inputs it reads to the spec; <paramref name="header"/>
    /// is the API key's header, <paramref name="endpoint"/> OAuth's token endpoint or the session token's login path.
    /// </summary>
    public static Dictionary<string, object?> Build(ManifestModel manifest, string kind, string? header = null, string? endpoint = null)
    {
        var authenticator = kind switch
        {
            ApiKey => ManifestModel.Obj(("type", "ApiKeyAuthenticator"), ("api_token", Config("api_key")),
                ("inject_into", ManifestModel.Obj(("type", "RequestOption"), ("inject_into", "header"), ("field_name", string.IsNullOrWhiteSpace(header) ? "X-Api-Key" : header.Trim())))),
            Bearer => ManifestModel.Obj(("type", "BearerAuthenticator"), ("api_token", Config("api_key"))),
            Basic => ManifestModel.Obj(("type", "BasicHttpAuthenticator"), ("username", Config("username")), ("password", Config("password"))),
            OAuth => ManifestModel.Obj(("type", "OAuthAuthenticator"), ("client_id", Config("client_id")), ("client_secret", Config("client_secret")),
                ("refresh_token", Config("refresh_token")), ("token_refresh_endpoint", string.IsNullOrWhiteSpace(endpoint) ? "https://example.com/oauth/token" : endpoint.Trim())),
            // Logs in with the username and password inputs (a path on the base URL), then sends the token as a bearer token.
            SessionToken => ManifestModel.Obj(("type", "SessionTokenAuthenticator"),
                ("login_requester", ManifestModel.Obj(("type", "HttpRequester"), ("url_base", ManifestModel.BaseUrlRef),
                    ("path", string.IsNullOrWhiteSpace(endpoint) ? "/login" : endpoint.Trim()), ("http_method", "POST"),
                    ("request_body_json", ManifestModel.Obj(("username", Config("username")), ("password", Config("password")))))),
                ("session_token_path", new List<object?> { "token" }),
                ("request_authentication", ManifestModel.Obj(("type", "Bearer")))),
            _ => throw new ArgumentException($"unknown authentication '{kind}'", nameof(kind)),
        };
        if (kind == SessionToken) manifest.Definitions.TryAdd("base_url", "");
        foreach (var (name, title, secret) in Inputs(kind)) SpecInputs.Ensure(manifest, name, title, secret);
        return authenticator;
    }

    private static IEnumerable<(string Name, string Title, bool Secret)> Inputs(string kind) => kind switch
    {
        ApiKey or Bearer => [("api_key", "API Key", true)],
        Basic or SessionToken => [("username", "Username", false), ("password", "Password", true)],
        OAuth => [("client_id", "Client ID", true), ("client_secret", "Client secret", true), ("refresh_token", "Refresh token", true)],
        _ => [],
    };

    private static string Config(string name) => $"{{{{ config['{name}'] }}}}";
}
