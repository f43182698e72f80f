using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Http;

/// <summary>
/// LegacySessionTokenAuthenticator, as Metabase's connector uses it: a session token from the config is validated first;
/// when the API refuses it, the connector logs in with the username and password and sends the new token.
/// </summary>
public sealed class LegacySessionTokenAuthenticatorTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private void Serve(string validToken) => server.Reset(async context =>
    {
        var token = context.Request.Headers["X-Metabase-Session"].ToString();
        switch (context.Request.Path.Value)
        {
            case "/api/session":
                // The server records each request (its body read) before answering it.
                if (server.Requests.Last().Body == """{"username":"ana","password":"pw"}""") await context.Response.WriteAsync("""{"id": "fresh-token"}""");
                else context.Response.StatusCode = 401;
                return;
            case "/api/user/current" or "/api/card" when token != validToken:
                context.Response.StatusCode = 401;
                return;
            default:
                await context.Response.WriteAsync($$"""[{"id": 1, "token": "{{token}}"}, {"id": 2, "token": "{{token}}"}]""");
                return;
        }
    });

    private Siphon.Source.ConnectorDefinition Connector(string credentials) => Load($$$"""
        streams:
          - type: DeclarativeStream
            name: cards
            retriever:
              type: SimpleRetriever
              requester:
                type: HttpRequester
                url_base: "{{{server.BaseUrl}}}/api/"
                path: card
                authenticator:
                  type: LegacySessionTokenAuthenticator
                  header: X-Metabase-Session
                  login_url: session
                  validate_session_url: user/current
                  session_token_response_key: id
        {{{credentials}}}
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
        """);

    private const string AllCredentials = """
                  session_token: "{{ config.get('session_token') }}"
                  username: "{{ config['username'] }}"
                  password: "{{ config['password'] }}"
        """;

    [Fact]
    public async Task Read_ValidSessionToken_IsValidatedOnceAndSentWithoutLoggingIn()
    {
        Serve("given-token");

        var output = await ReadAsync(Connector(AllCredentials), """{"session_token": "given-token", "username": "ana", "password": "pw"}""");

        Assert.Equal(["given-token", "given-token"], output.Records().Field("token"));
        Assert.Equal(["/api/user/current", "/api/card"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Read_SessionTokenRefused_LogsInWithTheCredentialsAndSendsTheNewToken()
    {
        Serve("fresh-token");

        var output = await ReadAsync(Connector(AllCredentials), """{"session_token": "expired-token", "username": "ana", "password": "pw"}""");

        Assert.Equal(["fresh-token", "fresh-token"], output.Records().Field("token"));
        Assert.Equal(["/api/user/current", "/api/session", "/api/card"], server.Requests.Select(r => r.Path));
        Assert.Equal("POST", server.Requests.Single(r => r.Path == "/api/session").Method);
    }

    [Fact]
    public async Task Read_NoValidTokenAndNoCredentials_FailsSayingSoWithoutReadingRecords()
    {
        Serve("other-token");
        var connector = Connector("""
                      session_token: "{{ config['session_token'] }}"
            """);

        var output = await ReadAsync(connector, """{"session_token": "expired-token"}""", expectSuccess: false);

        Assert.Empty(output.Records());
        Assert.DoesNotContain(server.Requests, r => r.Path == "/api/card");
    }
}
