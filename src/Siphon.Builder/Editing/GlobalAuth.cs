namespace Siphon.Builder.Editing;

/// <summary>
/// The global authentication: each kind writes <c>definitions.authenticator</c> and creates the user inputs it reads
/// (Bearer creates the secret input <c>api_key</c> and the token <c>{{ config['api_key'] }}</c>).
/// </summary>
public static class GlobalAuth
{
    public const string None = "No auth", ApiKey = "API Key", Bearer = "Bearer", Basic = "Basic", OAuth = "OAuth", SessionToken = "Session token";

    public static IReadOnlyList<string> Kinds { get; } = [None, ApiKey, Bearer, Basic, OAuth, SessionToken];

    public static string KindOf(ManifestModel manifest) => ValuePath.Text(manifest.Definitions, "authenticator", "type") switch
    {
        null => None,
        "ApiKeyAuthenticator" => ApiKey,
        "BearerAuthenticator" => Bearer,
        "BasicHttpAuthenticator" => Basic,
        "OAuthAuthenticator" => OAuth,
        "SessionTokenAuthenticator" => SessionToken,
        var other => other,
    };

    public static string ApiKeyHeader(ManifestModel manifest) =>
        ValuePath.Text(manifest.Definitions, "authenticator", "inject_into", "field_name") ?? ValuePath.Text(manifest.Definitions, "authenticator", "header") ?? "X-Api-Key";

    public static string TokenRefreshEndpoint(ManifestModel manifest) => ValuePath.Text(manifest.Definitions, "authenticator", "token_refresh_endpoint") ?? "";

    public static string LoginPath(ManifestModel manifest) => ValuePath.Text(manifest.Definitions, "authenticator", "login_requester", "path") ?? "/login";

    public static void Set(ManifestModel manifest, string kind, string? header = null, string? tokenEndpoint = null)
    {
        var definitions = manifest.Definitions;
        if (kind == None)
        {
            definitions.Remove("authenticator");
            foreach (var requester in Requesters(manifest))
                if (requester.TryGetValue("authenticator", out var a) && a as string == ManifestModel.AuthenticatorRef) requester.Remove("authenticator");
            return;
        }

        var wasNone = !definitions.ContainsKey("authenticator");
        definitions["authenticator"] = kind switch
        {
            ApiKey => ManifestModel.Obj(("type", "ApiKeyAuthenticator"), ("api_token", Config("api_key")),
                ("inject_into", ManifestModel.Obj(("type", "RequestOption"), ("inject_into", "header"), ("field_name", string.IsNullOrWhiteSpace(header) ? "X-Api-Key" : header.Trim())))),
            Bearer => ManifestModel.Obj(("type", "BearerAuthenticator"), ("api_token", Config("api_key"))),
            Basic => ManifestModel.Obj(("type", "BasicHttpAuthenticator"), ("username", Config("username")), ("password", Config("password"))),
            OAuth => ManifestModel.Obj(("type", "OAuthAuthenticator"), ("client_id", Config("client_id")), ("client_secret", Config("client_secret")),
                ("refresh_token", Config("refresh_token")), ("token_refresh_endpoint", string.IsNullOrWhiteSpace(tokenEndpoint) ? "https://example.com/oauth/token" : tokenEndpoint.Trim())),
            // Logs in with the username and password inputs (a path on the base URL), then sends the token as a bearer token.
            SessionToken => ManifestModel.Obj(("type", "SessionTokenAuthenticator"),
                ("login_requester", ManifestModel.Obj(("type", "HttpRequester"), ("url_base", ManifestModel.BaseUrlRef),
                    ("path", string.IsNullOrWhiteSpace(tokenEndpoint) ? "/login" : tokenEndpoint.Trim()), ("http_method", "POST"),
                    ("request_body_json", ManifestModel.Obj(("username", Config("username")), ("password", Config("password")))))),
                ("session_token_path", new List<object?> { "token" }),
                ("request_authentication", ManifestModel.Obj(("type", "SessionTokenRequestBearerAuthenticator")))),
            _ => throw new ArgumentException($"unknown authentication '{kind}'", nameof(kind)),
        };
        foreach (var (name, title, secret) in Inputs(kind)) SpecInputs.Ensure(manifest, name, title, secret);

        // Requests that had nothing to inherit now inherit the new authentication (downloads use presigned URLs and keep none).
        if (wasNone)
            foreach (var requester in Requesters(manifest, includeDownloads: false))
                requester.TryAdd("authenticator", ManifestModel.AuthenticatorRef);
    }

    private static IEnumerable<(string Name, string Title, bool Secret)> Inputs(string kind) => kind switch
    {
        ApiKey or Bearer => [("api_key", "API Key", true)],
        Basic or SessionToken => [("username", "Username", false), ("password", "Password", true)],
        OAuth => [("client_id", "Client ID", true), ("client_secret", "Client secret", true), ("refresh_token", "Refresh token", true)],
        _ => [],
    };

    private static string Config(string name) => $"{{{{ config['{name}'] }}}}";

    private static IEnumerable<Dictionary<string, object?>> Requesters(ManifestModel manifest, bool includeDownloads = true)
    {
        foreach (var stream in manifest.Streams)
        {
            foreach (var key in new[] { "requester", "creation_requester", "polling_requester", "abort_requester", "delete_requester", "download_target_requester", "download_requester" })
            {
                if (!includeDownloads && key == "download_requester") continue;
                if (stream.Retriever.TryGetValue(key, out var r) && r is Dictionary<string, object?> requester) yield return requester;
            }
        }
    }
}
