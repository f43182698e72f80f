using System.Net;
using System.Text;
using Siphon.Components;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Http.Auth;

/// <summary>
/// <c>LegacySessionTokenAuthenticator</c>: sends a session token in <c>header</c>. The config's <c>session_token</c> is used
/// when <c>validate_session_url</c> accepts it (a 401 means it is not valid); else it logs in by posting
/// <c>{"username", "password"}</c> to <c>login_url</c> and takes <c>session_token_response_key</c> from the answer. Both
/// URLs are joined to the requester's url_base as written, as the reference does. The token is kept for the run (a 401
/// logs in again) where the reference validates or logs in before every request; and a token that validates is used,
/// where the reference fails on it (its check reads <c>.ok</c> on the None that raise_for_status returns).
/// </summary>
internal sealed class LegacySessionTokenAuthenticator(Template header, Template loginUrl, Template? sessionToken, Template responseKey,
    Template? username, Template? password, Template validateUrl, Template? apiUrl = null) : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("LegacySessionTokenAuthenticator", ComponentKind.Authenticator,
        "Deprecated - use SessionTokenAuthenticator instead.",
        [
            Field.Template("header", "The name of the session token header that will be injected in the request.", required: true),
            Field.Template("login_url", "Path of the login URL (do not include the base URL).", required: true),
            Field.Template("session_token", "Session token to use if using a pre-defined token."),
            Field.Template("session_token_response_key", "Name of the key of the session token to be extracted from the response.", required: true),
            Field.Template("username", "Username used to authenticate and obtain a session token."),
            Field.Template("password", "Password used to authenticate and obtain a session token.") with { Default = "" },
            Field.Template("validate_session_url", "Path of the URL to use to validate that the session token is valid (do not include the base URL).", required: true),
        ])
    {
        Factory = (node, _) =>
        {
            Template? Optional(string field) => node.Text(field) is { } text ? Template.Compile(text, node.FieldPath(field)) : null;
            Template Required(string field) => Template.Compile(node.Text(field) ?? "", node.FieldPath(field));
            return new LegacySessionTokenAuthenticator(Required("header"), Required("login_url"), Optional("session_token"),
                Required("session_token_response_key"), Optional("username"), Optional("password"), Required("validate_session_url"));
        },
        Example = """
            type: LegacySessionTokenAuthenticator
            header: X-Metabase-Session
            login_url: session
            validate_session_url: user/current
            session_token: "{{ config['session_token'] }}"
            session_token_response_key: id
            username: "{{ config['username'] }}"
            password: "{{ config['password'] }}"
            """,
    };

    /// <summary>The same authenticator for a requester with this url_base (the URLs are relative to it).</summary>
    public LegacySessionTokenAuthenticator At(Template? requesterUrlBase) =>
        new(header, loginUrl, sessionToken, responseKey, username, password, validateUrl, requesterUrlBase);

    public bool CanRefresh => true;

    public void Invalidate(HttpSession session) => session.Run.State(this, () => new TokenCache()).Invalidate();

    public async ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        var cache = context.Session.Run.State(this, () => new TokenCache());
        if (cache.Token is null)
        {
            await cache.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { cache.Token ??= await TokenAsync(context, cancellationToken).ConfigureAwait(false); }
            finally { cache.Gate.Release(); }
        }
        parts.SetHeader(header.Render(context.Scope), cache.Token);
    }

    private async Task<string> TokenAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var scope = context.Scope;
        var baseUrl = apiUrl?.Render(scope) ?? "";
        var step = $"{context.Step}: session token";
        if (sessionToken?.Render(scope) is { Length: > 0 } given)
        {
            using var validate = new HttpRequestMessage(HttpMethod.Get, baseUrl + validateUrl.Render(scope));
            validate.Headers.TryAddWithoutValidation(header.Render(scope), given);
            using var response = await context.Session.Client.SendAsync(validate, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return given;
            if (response.StatusCode != HttpStatusCode.Unauthorized)
                throw Failed(step, validate, response, "validating the session token failed");
        }
        if (password?.Render(scope) is { Length: > 0 } secret && username?.Render(scope) is { Length: > 0 } user)
        {
            var body = JsonValues.ToJson(new Dictionary<string, object?>(StringComparer.Ordinal) { ["username"] = user, ["password"] = secret });
            using var login = new HttpRequestMessage(HttpMethod.Post, baseUrl + loginUrl.Render(scope)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await context.Session.Client.SendAsync(login, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw Failed(step, login, response, "the login failed");
            var key = responseKey.Render(scope);
            if (JsonValues.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)) is Dictionary<string, object?> answer
                && answer.GetValueOrDefault(key) is { } token && ValueTemplate.Text(token) is { Length: > 0 } text)
            {
                context.Session.Run.Redactor.Add(text);
                return text;
            }
            throw Failed(step, login, response, $"the login response has no '{key}'");
        }
        throw new HttpRequestFailedException($"{step}: invalid credentials: the session token is not valid, and no username and password were given",
            step, "GET", baseUrl + validateUrl.Render(scope), 401, null, ErrorHandling.FailureType.ConfigError, 1);
    }

    private static HttpRequestFailedException Failed(string step, HttpRequestMessage request, HttpResponseMessage response, string what) =>
        new($"{step}: {what} ({request.Method} {request.RequestUri} returned {(int)response.StatusCode})", step, request.Method.Method, request.RequestUri!.ToString(),
            (int)response.StatusCode, null, ErrorHandling.FailureType.ConfigError, 1);
}
