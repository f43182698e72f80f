using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class AuthenticatorTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<int> SendAsync(HttpRequester requester, HttpSession session, Dictionary<string, object?> config)
    {
        using var exchange = await requester.SendAsync(new RequestContext(session, Step.Page("read"), Scope(config, session.Run.Time)), None);
        return exchange.Status;
    }

    private List<RecordedRequest> Requests(string path) => [.. server.Requests.Where(r => r.Path == path)];

    [Fact]
    public async Task NoAuth_Request_CarriesNoCredentials()
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();

        await SendAsync(Requester($"type: HttpRequester\nurl: {server.BaseUrl}/file\nauthenticator: {{ type: NoAuth }}"), session, Config("{}"));

        Assert.Null(Assert.Single(server.Requests).Header("Authorization"));
    }

    [Theory]
    [InlineData("inject_into: { type: RequestOption, inject_into: header, field_name: X-Api-Key }", "header")]
    [InlineData("header: X-Api-Key", "header")]
    [InlineData("inject_into: { type: RequestOption, inject_into: request_parameter, field_name: api_key }", "query")]
    public async Task ApiKeyAuthenticator_InjectInto_PutsTheKeyThere(string target, string where)
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();

        await SendAsync(Requester($"type: HttpRequester\nurl: {server.BaseUrl}/x\nauthenticator:\n  type: ApiKeyAuthenticator\n  api_token: \"{{{{ config.key }}}}\"\n  {target}"),
            session, Config("""{"key": "k-123"}"""));

        var request = Assert.Single(server.Requests);
        if (where == "header") Assert.Equal("k-123", request.Header("X-Api-Key"));
        else Assert.Equal("?api_key=k-123", request.Query);
    }

    [Fact]
    public async Task BearerAuthenticator_Request_SendsTheToken()
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();

        await SendAsync(Requester($"type: HttpRequester\nurl: {server.BaseUrl}/x\nauthenticator: {{ type: BearerAuthenticator, api_token: \"{{{{ config.key }}}}\" }}"),
            session, Config("""{"key": "t-1"}"""));

        Assert.Equal("Bearer t-1", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task BasicHttpAuthenticator_Request_SendsBase64CredentialsAndRedactsThem()
    {
        server.Respond((200, "{}", []));
        var sink = new RecordingSink();
        using var session = new HttpSession(events: sink);

        await SendAsync(Requester($"type: HttpRequester\nurl: {server.BaseUrl}/x\nauthenticator: {{ type: BasicHttpAuthenticator, username: \"{{{{ config.user }}}}\", password: \"{{{{ config.pass }}}}\" }}"),
            session, Config("""{"user": "ann", "pass": "pw!"}"""));

        Assert.Equal("Basic " + Convert.ToBase64String("ann:pw!"u8.ToArray()), Assert.Single(server.Requests).Header("Authorization"));
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Basic ****"), Assert.Single(sink.Of<HttpRequestSent>()).Headers);
    }

    private const string OAuthYaml = """
        type: HttpRequester
        url: BASE/data
        authenticator:
          type: OAuthAuthenticator
          token_refresh_endpoint: BASE/token
          client_id: "{{ config.credentials.client_id }}"
          client_secret: "{{ config.credentials.client_secret }}"
          refresh_token: "{{ config.credentials.refresh_token }}"
          scopes: [read, write]
          refresh_token_updater: {}
        """;

    private void ServeOAuth(Func<int, string> tokenResponse, Func<string?, bool>? accepts = null)
    {
        var issued = 0;
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path == "/token")
            {
                await context.Response.WriteAsync(tokenResponse(Interlocked.Increment(ref issued)));
                return;
            }
            var authorization = context.Request.Headers.Authorization.ToString();
            if (accepts is not null && !accepts(authorization)) { context.Response.StatusCode = 401; await context.Response.WriteAsync("""{"error":"invalid token"}"""); return; }
            await context.Response.WriteAsync("""{"ok":true}""");
        });
    }

    private static Dictionary<string, object?> OAuthConfig() =>
        Config("""{"credentials": {"client_id": "cid", "client_secret": "csecret", "refresh_token": "rt-1"}}""");

    [Fact]
    public async Task OAuthAuthenticator_RefreshTokenGrant_ObtainsOneTokenForManyRequests()
    {
        ServeOAuth(n => $$"""{"access_token": "at-{{n}}", "expires_in": 3600}""");
        var time = new SteppingTimeProvider();
        using var session = new HttpSession(time: time);
        var requester = Requester(OAuthYaml.Replace("BASE", server.BaseUrl));

        await SendAsync(requester, session, OAuthConfig());
        await SendAsync(requester, session, OAuthConfig());

        var token = Assert.Single(Requests("/token"));
        Assert.Equal("POST", token.Method);
        Assert.Equal("grant_type=refresh_token&client_id=cid&client_secret=csecret&refresh_token=rt-1&scope=read+write", token.Body);
        Assert.All(Requests("/data"), r => Assert.Equal("Bearer at-1", r.Header("Authorization")));
    }

    [Fact]
    public async Task OAuthAuthenticator_AccessTokenValueWithoutEndpoint_SendsTheTokenAsItIs()
    {
        // The reference schema requires only `type`; with no token_refresh_endpoint its access-token flow sends the token given.
        ServeOAuth(_ => "{}", accepts: authorization => authorization == "Bearer at-static");
        using var session = new HttpSession();
        var requester = Requester($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/data
            authenticator:
              type: OAuthAuthenticator
              access_token_value: "{{ config['credentials']['access_token'] }}"
            """);

        var statuses = new[] { await SendAsync(requester, session, Config("""{"credentials": {"access_token": "at-static"}}""")),
            await SendAsync(requester, session, Config("""{"credentials": {"access_token": "at-static"}}""")) };

        Assert.Equal([200, 200], statuses);
        Assert.Empty(Requests("/token"));
        Assert.All(Requests("/data"), r => Assert.Equal("Bearer at-static", r.Header("Authorization")));
    }

    [Fact]
    public async Task OAuthAuthenticator_ConcurrentRequests_ShareOneTokenRequest()
    {
        ServeOAuth(n => $$"""{"access_token": "at-{{n}}", "expires_in": 3600}""");
        using var session = new HttpSession();
        var requester = Requester(OAuthYaml.Replace("BASE", server.BaseUrl));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SendAsync(requester, session, OAuthConfig())));

        Assert.Single(Requests("/token"));
        Assert.Equal(8, Requests("/data").Count);
    }

    [Fact]
    public async Task OAuthAuthenticator_TokenNearExpiry_IsRefreshedBeforeItExpires()
    {
        ServeOAuth(n => $$"""{"access_token": "at-{{n}}", "expires_in": 3600}""");
        var time = new SteppingTimeProvider();
        using var session = new HttpSession(time: time);
        var requester = Requester(OAuthYaml.Replace("BASE", server.BaseUrl));

        await SendAsync(requester, session, OAuthConfig());
        time.Advance(TimeSpan.FromSeconds(3500));
        await SendAsync(requester, session, OAuthConfig());
        time.Advance(TimeSpan.FromSeconds(50));
        await SendAsync(requester, session, OAuthConfig());

        Assert.Equal(["Bearer at-1", "Bearer at-1", "Bearer at-2"], Requests("/data").Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task OAuthAuthenticator_RotatedRefreshToken_IsUsedAndReportedAsAConfigUpdate()
    {
        ServeOAuth(n => $$"""{"access_token": "at-{{n}}", "expires_in": 60, "refresh_token": "rt-{{n + 1}}"}""");
        var time = new SteppingTimeProvider();
        var sink = new RecordingSink();
        using var session = new HttpSession(events: sink, time: time);
        var requester = Requester(OAuthYaml.Replace("BASE", server.BaseUrl));

        await SendAsync(requester, session, OAuthConfig());
        time.Advance(TimeSpan.FromSeconds(60));
        await SendAsync(requester, session, OAuthConfig());

        Assert.EndsWith("refresh_token=rt-2&scope=read+write", Requests("/token")[1].Body);
        var updates = sink.Of<ConfigUpdated>();
        Assert.Equal(2, updates.Count);
        var credentials = Assert.IsType<Dictionary<string, object?>>(updates[0].Config["credentials"]);
        Assert.Equal(("rt-2", "at-1", "cid"), (credentials["refresh_token"], credentials["access_token"], credentials["client_id"]));
        Assert.Equal("2026-01-15T12:01:00Z", credentials["token_expiry_date"]);
        Assert.All(sink.Of<HttpRequestSent>(), e => Assert.DoesNotContain("rt-2", e.BodyPreview ?? ""));
        Assert.Equal("grant_type=refresh_token&client_id=cid&client_secret=****&refresh_token=****&scope=read%20write",
            sink.Of<HttpRequestSent>().First(e => e.Url.EndsWith("/token", StringComparison.Ordinal)).BodyPreview);
    }

    [Fact]
    public async Task OAuthAuthenticator_Unauthorized_RefreshesTheTokenOnceAndRetries()
    {
        ServeOAuth(n => $$"""{"access_token": "at-{{n}}", "expires_in": 3600}""", accepts: authorization => authorization == "Bearer at-2");
        using var session = new HttpSession(time: new SteppingTimeProvider());
        var requester = Requester(OAuthYaml.Replace("BASE", server.BaseUrl));

        var status = await SendAsync(requester, session, OAuthConfig());

        Assert.Equal(200, status);
        Assert.Equal(2, Requests("/token").Count);
        Assert.Equal(["Bearer at-1", "Bearer at-2"], Requests("/data").Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task OAuthAuthenticator_StillUnauthorizedAfterRefresh_FailsAsAConfigError()
    {
        ServeOAuth(n => $$"""{"access_token": "at-{{n}}", "expires_in": 3600}""", accepts: _ => false);
        using var session = new HttpSession(time: new SteppingTimeProvider());
        var requester = Requester(OAuthYaml.Replace("BASE", server.BaseUrl));

        var error = await Assert.ThrowsAsync<HttpRequestFailedException>(() => SendAsync(requester, session, OAuthConfig()));

        Assert.Equal(Siphon.Http.ErrorHandling.FailureType.ConfigError, error.FailureType);
        Assert.Equal(2, Requests("/data").Count);
    }

    [Fact]
    public async Task OAuthAuthenticator_ClientCredentialsGrant_SendsNoRefreshToken()
    {
        ServeOAuth(n => $$"""{"access_token": "cc-{{n}}"}""");
        using var session = new HttpSession();
        var requester = Requester($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/data
            authenticator:
              type: OAuthAuthenticator
              token_refresh_endpoint: {{{server.BaseUrl}}}/token
              grant_type: client_credentials
              client_id: cid
              client_secret: "{{ config.secret }}"
              refresh_request_body: { audience: api }
            """);

        await SendAsync(requester, session, Config("""{"secret": "s"}"""));

        Assert.Equal("grant_type=client_credentials&client_id=cid&client_secret=s&audience=api", Assert.Single(Requests("/token")).Body);
        Assert.Equal("Bearer cc-1", Assert.Single(Requests("/data")).Header("Authorization"));
    }

    [Fact]
    public async Task OAuthAuthenticator_RejectedRefresh_FailsAsAConfigErrorWithoutLeakingTheSecret()
    {
        server.Respond((400, """{"error": "invalid_grant", "error_description": "refresh token rt-1 revoked"}""", []));
        using var session = new HttpSession(redactor: SecretRedactor.FromSpec(
            Siphon.Values.JsonValues.Parse("""{"properties":{"credentials":{"properties":{"refresh_token":{"airbyte_secret":true}}}}}"""), OAuthConfig()));

        var error = await Assert.ThrowsAsync<HttpRequestFailedException>(() => SendAsync(Requester(OAuthYaml.Replace("BASE", server.BaseUrl)), session, OAuthConfig()));

        Assert.Equal($"read: obtain OAuth token: POST {server.BaseUrl}/token returned 400 Bad Request: \"refresh token **** revoked\"", error.Message);
        Assert.Equal(Siphon.Http.ErrorHandling.FailureType.ConfigError, error.FailureType);
    }

    private const string SessionYaml = """
        type: HttpRequester
        url: BASE/data
        authenticator:
          type: SessionTokenAuthenticator
          login_requester:
            type: HttpRequester
            url: BASE/session
            http_method: POST
            request_body_json: { user: "{{ config.user }}", password: "{{ config.password }}" }
          session_token_path: [data, token]
          expiration_duration: PT1H
          request_authentication:
            type: SessionTokenRequestApiKeyAuthenticator
            inject_into: { type: RequestOption, inject_into: header, field_name: X-Session-Token }
        """;

    [Fact]
    public async Task SessionTokenAuthenticator_Login_TokenIsSentUntilItExpires()
    {
        var logins = 0;
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path == "/session") await context.Response.WriteAsync($$$"""{"data": {"token": "st-{{{++logins}}}"}}""");
            else await context.Response.WriteAsync("{}");
        });
        var time = new SteppingTimeProvider();
        using var session = new HttpSession(time: time);
        var requester = Requester(SessionYaml.Replace("BASE", server.BaseUrl));
        var config = Config("""{"user": "ann", "password": "pw"}""");

        await SendAsync(requester, session, config);
        await SendAsync(requester, session, config);
        time.Advance(TimeSpan.FromHours(1));
        await SendAsync(requester, session, config);

        Assert.Equal("""{"user":"ann","password":"pw"}""", Requests("/session")[0].Body);
        Assert.Equal(["st-1", "st-1", "st-2"], Requests("/data").Select(r => r.Header("X-Session-Token")));
    }

    [Fact]
    public async Task SessionTokenAuthenticator_BearerRequestAuthentication_SendsAuthorization()
    {
        server.Reset(context => context.Response.WriteAsync(context.Request.Path == "/session" ? """{"token": "st"}""" : "{}"));
        using var session = new HttpSession();
        var yaml = SessionYaml.Replace("BASE", server.BaseUrl).Replace("[data, token]", "[token]");
        yaml = yaml[..yaml.IndexOf("    type: SessionTokenRequestApiKeyAuthenticator", StringComparison.Ordinal)] + "    type: SessionTokenRequestBearerAuthenticator\n";

        await SendAsync(Requester(yaml), session, Config("""{"user": "u", "password": "p"}"""));

        Assert.Equal("Bearer st", Assert.Single(Requests("/data")).Header("Authorization"));
    }

    public static TheoryData<string> JwtAlgorithms() => ["HS256", "RS256", "ES256"];

    [Theory]
    [MemberData(nameof(JwtAlgorithms))]
    public async Task JwtAuthenticator_Algorithm_SignsAVerifiableToken(string algorithm)
    {
        server.Respond((200, "{}", []));
        using var rsa = RSA.Create(2048);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secret = algorithm switch { "RS256" => rsa.ExportPkcs8PrivateKeyPem(), "ES256" => ecdsa.ExportPkcs8PrivateKeyPem(), _ => "hmac-secret" };
        var time = new SteppingTimeProvider();
        using var session = new HttpSession(time: time);
        var requester = Requester($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/data
            authenticator:
              type: JwtAuthenticator
              algorithm: {{{algorithm}}}
              secret_key: "{{ config.key }}"
              token_duration: 600
              header_prefix: Bearer
              jwt_headers: { type: JwtHeaders, kid: "{{ config.kid }}" }
              jwt_payload: { type: JwtPayload, iss: issuer-1, aud: appstoreconnect-v1 }
            """);

        await SendAsync(requester, session, new Dictionary<string, object?> { ["key"] = secret, ["kid"] = "K1" });

        var authorization = Assert.Single(server.Requests).Header("Authorization")!;
        Assert.StartsWith("Bearer ", authorization);
        var parts = authorization["Bearer ".Length..].Split('.');
        Assert.Equal($$"""{"alg":"{{algorithm}}","typ":"JWT","kid":"K1"}""", Encoding.UTF8.GetString(FromBase64Url(parts[0])));
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal($$"""{"iat":{{issuedAt}},"nbf":{{issuedAt}},"exp":{{issuedAt + 600}},"iss":"issuer-1","aud":"appstoreconnect-v1"}""", Encoding.UTF8.GetString(FromBase64Url(parts[1])));
        var data = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        var signature = FromBase64Url(parts[2]);
        var valid = algorithm switch
        {
            "RS256" => rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "ES256" => ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            _ => HMACSHA256.HashData("hmac-secret"u8.ToArray(), data).SequenceEqual(signature),
        };
        Assert.True(valid);
    }

    [Theory]
    [InlineData("key", "Bearer k")]
    [InlineData("basic", "Basic dTpw")]
    public async Task SelectiveAuthenticator_ConfigValue_ChoosesTheAuthenticator(string authType, string expected)
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();
        var requester = Requester($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/data
            authenticator:
              type: SelectiveAuthenticator
              authenticator_selection_path: [credentials, auth_type]
              authenticators:
                key: { type: BearerAuthenticator, api_token: "{{ config.credentials.token }}" }
                basic: { type: BasicHttpAuthenticator, username: u, password: p }
            """);

        await SendAsync(requester, session, Config($$$"""{"credentials": {"auth_type": "{{{authType}}}", "token": "k"}}"""));

        Assert.Equal(expected, Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Requester_OwnAuthenticator_DownloadFromAPresignedUrlCarriesNoCredentials()
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();
        var create = Requester($"type: HttpRequester\nurl: {server.BaseUrl}/create\nauthenticator: {{ type: BearerAuthenticator, api_token: t }}");
        var download = Requester($"type: HttpRequester\nurl: \"{{{{ download_target }}}}\"");

        using (await create.SendAsync(new RequestContext(session, Step.Page("create"), Scope()), None)) { }
        using (await download.SendAsync(new RequestContext(session, Step.Page("download"), Scope(null, null, ("download_target", $"{server.BaseUrl}/file?sig=abc"))), None)) { }

        Assert.Equal("Bearer t", Requests("/create").Single().Header("Authorization"));
        Assert.Null(Requests("/file").Single().Header("Authorization"));
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
