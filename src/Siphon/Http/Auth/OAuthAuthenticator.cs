using System.Globalization;
using Siphon.Components;
using Siphon.Http.ErrorHandling;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Http.Auth;

/// <summary>
/// OAuth 2.0 access tokens from the refresh-token or client-credentials grant: obtained on first use, refreshed a
/// little before they expire and after a 401; or, with no token_refresh_endpoint, the access_token_value given, sent
/// as it is. One token serves the whole run for each token request (endpoint, client,
/// refresh token, scopes): every requester, stream and parent stream built from the same definition shares it, and
/// one refresh is in flight at a time, because an API with single-use refresh tokens rejects a second refresh with the
/// same token. A rotated refresh token replaces the old one for everyone and, with <c>refresh_token_updater</c>, is
/// reported once as a <see cref="ConfigUpdated"/> event; that updater's config paths also give the token to start from.
/// </summary>
internal sealed class OAuthAuthenticator : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("OAuthAuthenticator", ComponentKind.Authenticator,
        "Obtains OAuth 2.0 access tokens (refresh-token or client-credentials grant) and sends them as bearer tokens.",
        [
            Field.Template("token_refresh_endpoint", "Where tokens are obtained; without it, access_token_value is sent as it is."),
            Field.Template("client_id", "The client id."),
            Field.Template("client_secret", "The client secret."),
            Field.Template("refresh_token", "The refresh token (refresh_token grant)."),
            Field.Template("grant_type", "refresh_token or client_credentials.") with { Default = "refresh_token" },
            Field.String("access_token_name", "Field of the token response holding the access token.") with { Default = "access_token" },
            Field.String("expires_in_name", "Field of the token response holding the lifetime in seconds (or an expiry date).") with { Default = "expires_in" },
            Field.String("refresh_token_name", "Name of the refresh token in the request and the response.") with { Default = "refresh_token" },
            Field.String("client_id_name", "Name of the client id in the request.") with { Default = "client_id" },
            Field.String("client_secret_name", "Name of the client secret in the request.") with { Default = "client_secret" },
            Field.String("grant_type_name", "Name of the grant type in the request.") with { Default = "grant_type" },
            new FieldSpec("scopes", FieldType.StringList, "Scopes requested, sent space-separated as 'scope'."),
            Field.Any("refresh_request_body", "More fields of the token request (templates)."),
            new FieldSpec("refresh_request_headers", FieldType.TemplateMap, "Headers of the token request."),
            Field.Template("access_token_value", "An access token already obtained (used until token_expiry_date; for good without token_refresh_endpoint)."),
            Field.Template("token_expiry_date", "When access_token_value expires."),
            Field.String("token_expiry_date_format", "Format of expiry dates, read and written (strftime; ISO 8601 is understood without it)."),
            Field.Boolean("token_expiry_is_time_of_expiration", "The response's expiry field is a date rather than seconds."),
            Field.Any("refresh_token_updater", "Report rotated refresh tokens as config updates: config paths of refresh_token, access_token and token_expiry_date."),
            Field.Component("profile_assertion", ComponentKind.Authenticator, "A JwtAuthenticator whose token is sent as the assertion of a jwt-bearer grant."),
            Field.Boolean("use_profile_assertion", "Obtain tokens with the jwt-bearer grant, presenting profile_assertion's JWT."),
            Field.NotRun("send_refresh_request_as_query_params", "Send the token request's fields in the query string instead of the body.", "token requests are always sent with a form body", false),
            new FieldSpec("refresh_token_error_status_codes", FieldType.Any, "Statuses of a failed refresh that mean the refresh token is invalid; Siphon fails the stream on any failed refresh, so it only changes the error's wording."),
            Field.String("refresh_token_error_key", "Field of the error body naming the error (with refresh_token_error_values); only changes the error's wording in Siphon."),
            Field.Any("refresh_token_error_values", "Error names meaning the refresh token is invalid; only changes the error's wording in Siphon."),
        ])
    {
        // The reference's access-token flow: with no endpoint to refresh from, a given token is sent as it is.
        RequiredOneOf = [["token_refresh_endpoint", "access_token_value"]],
        Factory = (node, context) => new OAuthAuthenticator(node, context),
        Example = """
            type: OAuthAuthenticator
            token_refresh_endpoint: https://login.example.com/oauth2/token
            client_id: "{{ config['client_id'] }}"
            client_secret: "{{ config['client_secret'] }}"
            refresh_token: "{{ config['refresh_token'] }}"
            scopes: [read]
            """,
    };

    private readonly Template? _endpoint;
    private readonly Template? _clientId, _clientSecret, _refreshToken, _grantType, _accessTokenValue, _tokenExpiryDate;
    private readonly string _accessTokenName, _expiresInName, _refreshTokenName, _clientIdName, _clientSecretName, _grantTypeName;
    private readonly IReadOnlyList<string> _scopes;
    private readonly ValueTemplate? _body, _headers;
    private readonly Updater? _updater;
    private readonly Dictionary<string, object?> _parameters;
    private readonly string? _expiryFormat;
    private readonly JwtAuthenticator? _assertion;

    private sealed record Updater(IReadOnlyList<string> RefreshToken, IReadOnlyList<string> AccessToken, IReadOnlyList<string> Expiry);

    private OAuthAuthenticator(ComponentNode node, BuildContext context)
    {
        _assertion = node.Boolean("use_profile_assertion") ? context.BuildOptional<JwtAuthenticator>(node.Child("profile_assertion")) : null;
        Template? T(string field) => node.Text(field) is { } text ? Template.Compile(text, node.FieldPath(field)) : null;
        _endpoint = T("token_refresh_endpoint");
        _clientId = T("client_id");
        _clientSecret = T("client_secret");
        _refreshToken = T("refresh_token");
        _grantType = T("grant_type");
        _accessTokenValue = T("access_token_value");
        _tokenExpiryDate = T("token_expiry_date");
        _accessTokenName = node.Text("access_token_name")!;
        _expiresInName = node.Text("expires_in_name")!;
        _refreshTokenName = node.Text("refresh_token_name")!;
        _clientIdName = node.Text("client_id_name")!;
        _clientSecretName = node.Text("client_secret_name")!;
        _grantTypeName = node.Text("grant_type_name")!;
        _scopes = node.Value("scopes") is ManifestList scopes ? [.. scopes.Items.OfType<ManifestScalar>().Select(s => s.Text)] : [];
        _body = node.Value("refresh_request_body")?.ToValue() is { } body ? ValueTemplate.Compile(body, node.FieldPath("refresh_request_body")) : null;
        _headers = node.Value("refresh_request_headers")?.ToValue() is { } headers ? ValueTemplate.Compile(headers, node.FieldPath("refresh_request_headers")) : null;
        if (node.Value("refresh_token_updater") is { } updater)
        {
            var map = updater.ToValue() as IReadOnlyDictionary<string, object?>;
            IReadOnlyList<string> PathOf(string key, string[] fallback) => map is not null && map.TryGetValue(key, out var p) && ConfigPaths.Strings(p) is { Count: > 0 } path ? path : fallback;
            _updater = new Updater(PathOf("refresh_token_config_path", ["credentials", "refresh_token"]),
                PathOf("access_token_config_path", ["credentials", "access_token"]),
                PathOf("token_expiry_date_config_path", ["credentials", "token_expiry_date"]));
        }
        _parameters = node.ParameterValues();
        _expiryFormat = node.Text("token_expiry_date_format") is { Length: > 0 } format ? format : null;
    }

    public bool CanRefresh => _endpoint is not null;

    public void Invalidate(HttpSession session) => Invalidate(session, null);

    // Requests that failed together with one token must not each throw away the token another one already refreshed.
    public void Invalidate(HttpSession session, string? usedAuthorization) =>
        session.Run.State(this, () => new SharedToken(new TokenCache())).Cache.Invalidate(usedAuthorization is null ? null : usedAuthorization.StartsWith("Bearer ", StringComparison.Ordinal) ? usedAuthorization[7..] : usedAuthorization);

    public async ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        var session = context.Session;
        if (_endpoint is null)
        {
            var token = _accessTokenValue!.Render(context.Scope.With("parameters", _parameters));
            session.Run.Redactor.Add(token);
            parts.SetHeader("Authorization", $"Bearer {token}");
            return;
        }
        var cache = session.Run.State(this, () => new SharedToken(session.Run.Shared(TokenKey(context.Scope.With("parameters", _parameters)), () => new TokenCache()))).Cache;
        if (!cache.IsFresh(session.Run.Time.GetUtcNow()))
        {
            await cache.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!cache.IsFresh(session.Run.Time.GetUtcNow()))
                    await ObtainAsync(cache, context, context.Scope.With("parameters", _parameters), cancellationToken).ConfigureAwait(false);
            }
            finally { cache.Gate.Release(); }
        }
        parts.SetHeader("Authorization", $"Bearer {cache.Token}");
    }

    // As the reference: the jwt-bearer grant's body is the grant and the assertion alone (no client secret, no refresh token).
    private static Dictionary<string, object?> AssertionBody(JwtAuthenticator assertion, TemplateScope scope, HttpSession session, DateTimeOffset now)
    {
        var jwt = assertion.Assertion(scope, now);
        session.Run.Redactor.Add(jwt);
        var form = Values.JsonValues.NewObject(2);
        form["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer";
        form["assertion"] = jwt;
        return form;
    }

    private Dictionary<string, object?> GrantBody(string grant, TokenCache cache, TemplateScope scope, HttpSession session)
    {
        var form = Values.JsonValues.NewObject();
        form[_grantTypeName] = grant;
        if (_clientId?.Render(scope) is { Length: > 0 } id) form[_clientIdName] = id;
        if (_clientSecret?.Render(scope) is { Length: > 0 } secret)
        {
            session.Run.Redactor.Add(secret);
            form[_clientSecretName] = secret;
        }
        if (grant == "refresh_token")
        {
            var refreshToken = cache.RefreshToken ?? ConfiguredRefreshToken(scope);
            session.Run.Redactor.Add(refreshToken);
            form[_refreshTokenName] = refreshToken;
        }
        if (_scopes.Count > 0) form["scope"] = string.Join(' ', _scopes);
        if (_body?.Evaluate(scope) is Dictionary<string, object?> extra)
            foreach (var (key, value) in extra) form[key] = value;
        return form;
    }

    /// <summary>What makes two authenticators one: the token request they would send, as the run's config renders it.</summary>
    private TokenRequestKey TokenKey(TemplateScope scope) => new(_endpoint!.Render(scope), _grantType?.Render(scope) ?? "refresh_token",
        _clientId?.Render(scope), ConfiguredRefreshToken(scope), string.Join(' ', _scopes), _accessTokenName);

    private string? ConfiguredRefreshToken(TemplateScope scope) =>
        (_updater is not null && ConfigPaths.Get(ConfigPaths.Config(scope), _updater.RefreshToken) is string fromConfig && fromConfig.Length > 0 ? fromConfig : null)
        ?? _refreshToken?.Render(scope);

    private async Task ObtainAsync(TokenCache cache, RequestContext context, TemplateScope scope, CancellationToken cancellationToken)
    {
        var session = context.Session;
        var now = session.Run.Time.GetUtcNow();
        // A token given in config (or where refresh_token_updater keeps it) is used until its expiry date, once.
        var config = ConfigPaths.Config(scope);
        var givenToken = _accessTokenValue?.Render(scope) is { Length: > 0 } rendered ? rendered
            : _updater is not null ? ConfigPaths.Get(config, _updater.AccessToken) as string : null;
        var givenExpiryText = _tokenExpiryDate?.Render(scope) is { Length: > 0 } date ? date
            : _updater is not null ? ConfigPaths.Get(config, _updater.Expiry) as string : null;
        if (cache.Token is null && cache.Expiry is null && givenToken is { Length: > 0 } given
            && ParseDate(givenExpiryText) is { } givenExpiry && givenExpiry > now)
        {
            session.Run.Redactor.Add(given);
            cache.Set(given, now, givenExpiry);
            return;
        }

        var grant = _grantType?.Render(scope) is { Length: > 0 } g ? g : "refresh_token";
        var form = _assertion is not null ? AssertionBody(_assertion, scope, session, now) : GrantBody(grant, cache, scope, session);

        var step = context.Step.ObtainOAuthToken();
        var parts = new RequestParts(step.Text);
        foreach (var (key, value) in form) parts.AddForm(key, value);
        if (_headers?.Evaluate(scope) is Dictionary<string, object?> headers)
            foreach (var (key, value) in headers) parts.AddHeader(key, value);
        var endpoint = _endpoint!.Render(scope);

        object? json;
        try
        {
            using var exchange = await new HttpSender(session, step, DefaultErrorHandler.Standard, null, scope)
                .SendAsync(_ => ValueTask.FromResult(TokenRequests.Build(endpoint, parts)), cancellationToken).ConfigureAwait(false);
            json = await exchange.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestFailedException e) when (e.Status is >= 400 and < 500)
        {
            throw new HttpRequestFailedException(e.Message, e.Step, e.Method, e.Url, e.Status, e.BodyExcerpt, FailureType.ConfigError, e.Attempts, e);
        }

        var response = json as IReadOnlyDictionary<string, object?>;
        if (response?.GetValueOrDefault(_accessTokenName) is not string token || token.Length == 0)
            throw new HttpRequestFailedException($"{step}: the token response has no '{_accessTokenName}'", step.Text, "POST", session.Run.Redactor.Redact(endpoint), 200, null, FailureType.ConfigError, 1);
        session.Run.Redactor.Add(token);
        now = session.Run.Time.GetUtcNow();
        var expiry = response.GetValueOrDefault(_expiresInName) switch
        {
            long seconds => now.AddSeconds(seconds),
            double seconds => now.AddSeconds(seconds),
            string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => now.AddSeconds(seconds),
            string text => ParseDate(text),
            _ => (DateTimeOffset?)null,
        };
        cache.Set(token, now, expiry);

        if (response.GetValueOrDefault(_refreshTokenName) is string rotated && rotated.Length > 0 && rotated != (cache.RefreshToken ?? ConfiguredRefreshToken(scope)))
        {
            session.Run.Redactor.Add(rotated);
            cache.RefreshToken = rotated;
            if (_updater is not null && config is not null)
                session.Run.Events.Publish(new ConfigUpdated(now, context.Step, ConfigPaths.With(config,
                [
                    (_updater.RefreshToken, rotated),
                    (_updater.AccessToken, token),
                    (_updater.Expiry, expiry is { } e ? FormatDate(e) : null),
                ])));
        }
    }

    private DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (_expiryFormat is not null)
        {
            try { return CdkDatetimeFormat.Parse(text, _expiryFormat); }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or PyError) { }
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    private string FormatDate(DateTimeOffset date) =>
        _expiryFormat is not null ? CdkDatetimeFormat.Format(date, _expiryFormat) : date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The run's token for one token request; an authenticator finds it once and keeps it for the run.</summary>
    private sealed record SharedToken(TokenCache Cache);

    private sealed record TokenRequestKey(string Endpoint, string Grant, string? ClientId, string? RefreshToken, string Scopes, string AccessTokenName);
}

/// <summary>Token and login requests built outside a requester (a form POST).</summary>
internal static class TokenRequests
{
    public static PreparedRequest Build(string url, RequestParts parts)
    {
        var form = parts.BodyForm?.Select(e => new KeyValuePair<string, string>(e.Key, ValueTemplate.Text(e.Value))).ToList() ?? [];
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in parts.Headers) request.Headers.TryAddWithoutValidation(name, value);
        return new PreparedRequest(request, string.Join('&', form.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")));
    }
}
