using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

/// <summary>
/// Catalogue manifests write a session token's <c>request_authentication</c> with the reference's own type values,
/// <c>Bearer</c> and <c>ApiKey</c> (16 connectors); the login is sent, the token read from the response and sent
/// on the data request as the reference does.
/// </summary>
public sealed class SessionTokenRequestAuthenticationTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private List<RecordedRequest> Requests(string path) => [.. server.Requests.Where(r => r.Path == path)];

    private void ServeLogin() => server.Reset(async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(context.Request.Path == "/oauth/v1/token" ? """{"access_token": "st-42"}""" : "{}");
    });

    private static async Task SendAsync(HttpRequester requester, string config)
    {
        using var session = new HttpSession();
        using var exchange = await requester.SendAsync(new RequestContext(session, Step.Page("read"), Scope(Config(config), session.Run.Time)), None);
    }

    [Fact]
    public async Task SessionTokenAuthenticator_TypeBearer_LogsInAndSendsTheTokenAsBearer()
    {
        ServeLogin();
        // From source-akeneo's base requester.
        var requester = Requester("""
            type: HttpRequester
            url_base: "{{ config['host'] }}/api/rest/v1"
            path: products
            authenticator:
              type: SessionTokenAuthenticator
              login_requester:
                type: HttpRequester
                url_base: "{{ config['host'] }}/oauth/v1"
                path: token
                authenticator:
                  type: BasicHttpAuthenticator
                  password: "{{ config['secret'] }}"
                  username: "{{ config['client_id'] }}"
                http_method: POST
                request_body_json:
                  password: "{{ config['password'] }}"
                  username: "{{ config['api_username'] }}"
                  grant_type: password
              session_token_path:
                - access_token
              expiration_duration: PT1H
              request_authentication:
                type: Bearer
            """);

        await SendAsync(requester, $$"""{"host": "{{server.BaseUrl}}", "client_id": "c", "secret": "s", "api_username": "ann", "password": "pw"}""");

        var login = Assert.Single(Requests("/oauth/v1/token"));
        Assert.Equal("POST", login.Method);
        Assert.Equal("""{"password":"pw","username":"ann","grant_type":"password"}""", login.Body);
        Assert.Equal("Basic " + Convert.ToBase64String("c:s"u8.ToArray()), login.Header("Authorization"));
        Assert.Equal("Bearer st-42", Assert.Single(Requests("/api/rest/v1/products")).Header("Authorization"));
    }

    [Fact]
    public async Task SessionTokenAuthenticator_TypeApiKey_SendsTheTokenWhereInjectIntoSays()
    {
        ServeLogin();
        // From source-greythr's base requester.
        var requester = Requester("""
            type: HttpRequester
            url_base: "{{ config['base_url'] }}"
            path: employee/v2/employees
            authenticator:
              type: SessionTokenAuthenticator
              login_requester:
                type: HttpRequester
                path: token
                url_base: "{{ config['base_url'] }}/oauth/v1"
                http_method: POST
                authenticator:
                  type: BasicHttpAuthenticator
                  password: "{{ config['password'] }}"
                  username: "{{ config['username'] }}"
              session_token_path:
                - access_token
              expiration_duration: P1W
              request_authentication:
                type: ApiKey
                inject_into:
                  type: RequestOption
                  field_name: ACCESS-TOKEN
                  inject_into: header
            """);

        await SendAsync(requester, $$"""{"base_url": "{{server.BaseUrl}}", "username": "u", "password": "p"}""");

        var data = Assert.Single(Requests("/employee/v2/employees"));
        Assert.Equal("st-42", data.Header("ACCESS-TOKEN"));
        Assert.Null(data.Header("Authorization"));
    }

    [Fact]
    public async Task SessionTokenAuthenticator_NoExpirationDuration_LogsInBeforeEveryRequest()
    {
        var logins = 0;
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Path == "/authentication" ? $$"""{"accessToken": "at-{{++logins}}"}""" : "{}");
        });
        // From source-hoorayhr, which gives no expiration_duration: the reference then caches nothing.
        var requester = Requester("""
            type: HttpRequester
            url_base: "{{ config['base_url'] }}"
            path: users
            authenticator:
              type: SessionTokenAuthenticator
              login_requester:
                type: HttpRequester
                path: authentication
                url_base: "{{ config['base_url'] }}"
                http_method: POST
                authenticator:
                  type: NoAuth
                request_body_json:
                  email: "{{ config['hoorayhrusername'] }}"
                  password: "{{ config['hoorayhrpassword'] }}"
                  strategy: local
              session_token_path:
                - accessToken
              request_authentication:
                type: ApiKey
                inject_into:
                  type: RequestOption
                  field_name: Authorization
                  inject_into: header
            """);
        using var session = new HttpSession();
        var scope = Scope(Config($$"""{"base_url": "{{server.BaseUrl}}", "hoorayhrusername": "u", "hoorayhrpassword": "p"}"""), session.Run.Time);

        for (var i = 0; i < 2; i++)
        {
            using var exchange = await requester.SendAsync(new RequestContext(session, Step.Page("read"), scope), None);
        }

        Assert.Equal(2, Requests("/authentication").Count);
        Assert.Equal(["at-1", "at-2"], Requests("/users").Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task SessionTokenAuthenticator_ApiKeyWithApiToken_SendsTheTemplatedValue()
    {
        ServeLogin();
        // The reference schema's api_token: "Token {{ session_token }}" for APIs that expect "Authorization: Token <token>".
        var requester = Requester("""
            type: HttpRequester
            url: "{{ config['base_url'] }}/items"
            authenticator:
              type: SessionTokenAuthenticator
              login_requester: { type: HttpRequester, url: "{{ config['base_url'] }}/oauth/v1/token", http_method: POST }
              session_token_path: [access_token]
              request_authentication:
                type: ApiKey
                api_token: "Token {{ session_token }}"
                inject_into: { type: RequestOption, field_name: Authorization, inject_into: header }
            """);

        await SendAsync(requester, $$"""{"base_url": "{{server.BaseUrl}}"}""");

        Assert.Equal("Token st-42", Assert.Single(Requests("/items")).Header("Authorization"));
    }
}
