using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Http.Auth;

/// <summary>
/// Logs in with its own requester, takes the session token from the login response at <c>session_token_path</c>,
/// sends it as an API key or a bearer token, and logs in again after <c>expiration_duration</c> (before every request
/// without one) or a 401.
/// </summary>
internal sealed class SessionTokenAuthenticator(HttpRequester login, IReadOnlyList<string> tokenPath, object? lifetime, ISessionTokenInjector injector) : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("SessionTokenAuthenticator", ComponentKind.Authenticator,
        "Logs in with a request, takes a session token from the response and sends it with every request.",
        [
            Field.Component("login_requester", ComponentKind.Requester, "The login request.", implied: "HttpRequester", required: true),
            new FieldSpec("session_token_path", FieldType.StringList, "Path of the token in the login response.") { Required = true },
            Field.String("expiration_duration", "ISO 8601 duration after which to log in again (PT1H, P1W, P1M...); when absent, every request logs in first."),
            Field.Component("request_authentication", ComponentKind.SessionTokenRequestAuthentication, "How the token is sent: type Bearer (Authorization: Bearer) or ApiKey (where inject_into says).", required: true),
            Field.Any("decoder", "Decoder of the login response (JSON is assumed)."),
        ])
    {
        Factory = (node, context) =>
        {
            // A TimeSpan, or a calendar duration (P1M, P1Y) as the reference's isodate reads them.
            object? lifetime = null;
            if (node.Text("expiration_duration") is { Length: > 0 } duration)
            {
                try { lifetime = PyDateParsing.ParseDuration(duration); }
                catch (PyError) { throw new ComponentBuildException(node.Position, node.FieldPath("expiration_duration"), $"'{duration}' is not an ISO 8601 duration (PT1H, P1W, P1M...), so the reference cannot read it either"); }
            }
            var injector = context.Build<ISessionTokenInjector>(node.Child("request_authentication")!);
            return new SessionTokenAuthenticator(context.Build<HttpRequester>(node.Child("login_requester")!),
                node.Value("session_token_path") is ManifestList path ? [.. path.Items.OfType<ManifestScalar>().Select(s => s.Text)] : [],
                lifetime, injector);
        },
        Example = """
            type: SessionTokenAuthenticator
            login_requester:
              type: HttpRequester
              url_base: https://api.example.com
              path: /session
              http_method: POST
              request_body_json:
                username: "{{ config['username'] }}"
                password: "{{ config['password'] }}"
            session_token_path: [token]
            expiration_duration: PT1H
            request_authentication:
              type: Bearer
            """,
    };

    public bool CanRefresh => true;

    public void Invalidate(HttpSession session) => session.Run.State(this, () => new TokenCache()).Invalidate();

    public async ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        // As the reference: without an expiration_duration nothing is cached, every request logs in first.
        if (lifetime is null)
        {
            injector.Inject(parts, await LogInAsync(context, cancellationToken).ConfigureAwait(false), context.Scope);
            return;
        }
        var session = context.Session;
        var cache = session.Run.State(this, () => new TokenCache());
        if (!cache.IsFresh(session.Run.Time.GetUtcNow()))
        {
            await cache.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!cache.IsFresh(session.Run.Time.GetUtcNow()))
                {
                    var token = await LogInAsync(context, cancellationToken).ConfigureAwait(false);
                    var now = session.Run.Time.GetUtcNow();
                    cache.Set(token, now, lifetime is CalendarDuration calendar ? calendar.AddTo(now) : now + (TimeSpan)lifetime);
                }
            }
            finally { cache.Gate.Release(); }
        }
        injector.Inject(parts, cache.Token!, context.Scope);
    }

    private async Task<string> LogInAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var step = context.Step.LogIn();
        using var exchange = await login.SendAsync(context with { Step = step, Options = [] }, cancellationToken).ConfigureAwait(false);
        var body = await exchange.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
        if (ConfigPaths.Get(body, tokenPath) is not { } token || ValueTemplate.Text(token) is not { Length: > 0 } text)
            throw new HttpRequestFailedException($"{step}: {exchange.Method} {exchange.Url} returned no session token at {string.Join('.', tokenPath)}",
                step.Text, exchange.Method, exchange.Url, exchange.Status, null, ErrorHandling.FailureType.ConfigError, exchange.Attempts);
        context.Session.Run.Redactor.Add(text);
        return text;
    }
}

/// <summary>How a session token is put into requests.</summary>
internal interface ISessionTokenInjector
{
    void Inject(RequestParts parts, string token, TemplateScope scope);
}

/// <summary>
/// Sends the session token where <c>inject_into</c> says (a header such as X-Session-Token, or a query parameter),
/// formatted by <c>api_token</c> (<c>Token {{ session_token }}</c>, say). Manifests write it as <c>type: ApiKey</c>.
/// </summary>
internal sealed class SessionTokenRequestApiKeyAuthenticator(RequestOption target, Template value) : ISessionTokenInjector
{
    private const string DefaultValue = "{{ session_token }}";

    public static readonly ComponentSpec Spec = new("SessionTokenRequestApiKeyAuthenticator", ComponentKind.SessionTokenRequestAuthentication,
        "Sends a session token like an API key (only inside a SessionTokenAuthenticator).",
        [
            Field.Component("inject_into", ComponentKind.RequestOption, "Where the token goes.", implied: "RequestOption", required: true),
            Field.Template("api_token", "The value sent, a template over session_token (e.g. \"Token {{ session_token }}\").", variables: "session_token") with { Default = DefaultValue },
        ])
    {
        Aliases = ["ApiKey"],
        Factory = (node, context) => new SessionTokenRequestApiKeyAuthenticator(context.Build<RequestOption>(node.Child("inject_into")!),
            Template.Compile(node.Text("api_token") ?? DefaultValue, node.FieldPath("api_token"))),
        Example = "type: ApiKey\ninject_into:\n  type: RequestOption\n  inject_into: header\n  field_name: X-Session-Token\n",
    };

    public void Inject(RequestParts parts, string token, TemplateScope scope) =>
        target.InjectReplacing(parts, value.Render(scope.With("session_token", token)), scope);
}

/// <summary>Sends the session token as <c>Authorization: Bearer &lt;token&gt;</c>. Manifests write it as <c>type: Bearer</c>.</summary>
internal sealed class SessionTokenRequestBearerAuthenticator : ISessionTokenInjector
{
    public static readonly ComponentSpec Spec = new("SessionTokenRequestBearerAuthenticator", ComponentKind.SessionTokenRequestAuthentication,
        "Sends a session token as a bearer token (only inside a SessionTokenAuthenticator).", [])
    {
        Aliases = ["Bearer"],
        Factory = (_, _) => new SessionTokenRequestBearerAuthenticator(),
        Example = "type: Bearer\n",
    };

    public void Inject(RequestParts parts, string token, TemplateScope scope) => parts.SetHeader("Authorization", $"Bearer {token}");
}
