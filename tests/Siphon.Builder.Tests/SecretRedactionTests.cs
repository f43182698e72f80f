using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siphon.Builder.Tests;

/// <summary>
/// No secret reaches the builder: not the plain values of airbyte_secret fields, not their URL-encoded or base64 forms,
/// not a Basic-auth credential, not an OAuth token obtained during the read; not in the result, the server-sent events,
/// the logs or a cassette.
/// </summary>
public sealed class SecretRedactionTests
{
    private const string ClientSecret = "cs-Sup3r$ecret/+=";
    private const string RefreshToken = "rt-9f8e7d6c5b4a";
    private const string ApiKey = "k3y with spaces&sym=bols/é";
    private const string Username = "ada";
    private const string Password = "pa:ss w0rd!";
    private const string AccessToken = "at-fresh-4b1d2c3e";
    private const string SessionPassword = "sp-l0gin#p4ss";
    private const string SessionToken = "st-5e55i0n-7a8b9c";

    private const string Manifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        spec:
          type: Spec
          connection_specification:
            type: object
            properties:
              base_url: { type: string }
              client_id: { type: string }
              client_secret: { type: string, airbyte_secret: true }
              refresh_token: { type: string, airbyte_secret: true }
              api_key: { type: string, airbyte_secret: true }
              username: { type: string }
              password: { type: string, airbyte_secret: true }
              session_password: { type: string, airbyte_secret: true }
        definitions:
          fail_fast:
            type: DefaultErrorHandler
            response_filters: [{ type: HttpResponseFilter, http_codes: [401, 500], action: FAIL }]
          oauth:
            type: OAuthAuthenticator
            token_refresh_endpoint: "{{ config['base_url'] }}/oauth/token"
            client_id: "{{ config['client_id'] }}"
            client_secret: "{{ config['client_secret'] }}"
            refresh_token: "{{ config['refresh_token'] }}"
          session:
            type: SessionTokenAuthenticator
            login_requester:
              type: HttpRequester
              url: "{{ config['base_url'] }}/session"
              http_method: POST
              request_body_json: { username: "{{ config['username'] }}", password: "{{ config['session_password'] }}" }
            session_token_path: [token]
            request_authentication:
              type: SessionTokenRequestApiKeyAuthenticator
              inject_into: { type: RequestOption, inject_into: header, field_name: X-Session-Token }
        streams:
          - name: items
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/items"
                request_parameters: { key: "{{ config['api_key'] }}" }
                authenticator:
                  type: OAuthAuthenticator
                  token_refresh_endpoint: "{{ config['base_url'] }}/oauth/token"
                  client_id: "{{ config['client_id'] }}"
                  client_secret: "{{ config['client_secret'] }}"
                  refresh_token: "{{ config['refresh_token'] }}"
              record_selector: { extractor: { field_path: [results] } }
          - name: basic
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/basic"
                authenticator: { type: BasicHttpAuthenticator, username: "{{ config['username'] }}", password: "{{ config['password'] }}" }
              record_selector: { extractor: { field_path: [results] } }
          - name: session
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/session/items"
                authenticator: "#/definitions/session"
              record_selector: { extractor: { field_path: [results] } }
          - name: echo_401
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/echo/401"
                request_parameters: { key: "{{ config['api_key'] }}" }
                authenticator: "#/definitions/oauth"
                error_handler: "#/definitions/fail_fast"
              record_selector: { extractor: { field_path: [results] } }
          - name: echo_500
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/echo/500"
                authenticator: "#/definitions/session"
                request_parameters: { secret: "{{ config['client_secret'] }}" }
                error_handler: "#/definitions/fail_fast"
              record_selector: { extractor: { field_path: [results] } }
          - name: echo_basic
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/echo/401"
                authenticator: { type: BasicHttpAuthenticator, username: "{{ config['username'] }}", password: "{{ config['password'] }}" }
                error_handler: "#/definitions/fail_fast"
              record_selector: { extractor: { field_path: [results] } }
          - name: bad_template
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/items"
                request_parameters: { since: "{{ duration(config['api_key']) }}", other: "{{ str_to_datetime(config['refresh_token']) }}" }
              record_selector: { extractor: { field_path: [results] } }
        """;

    [Theory]
    [InlineData("items", "completed")]
    [InlineData("basic", "completed")]
    [InlineData("session", "completed")]
    [InlineData("echo_401", "failed")]
    [InlineData("echo_500", "failed")]
    [InlineData("echo_basic", "failed")]
    [InlineData("bad_template", "failed")]
    public async Task TestRead_SecretsInEveryForm_NeverAppearInResultEventsLogsOrCassette(string stream, string status)
    {
        await using var provider = await FakeProvider.StartAsync();
        await using var builder = await BuilderClient.StartAsync();
        var id = await builder.StartTestReadAsync(new
        {
            manifest = Manifest,
            stream,
            record = true,
            config = new
            {
                base_url = provider.BaseUrl, client_id = "client-1", client_secret = ClientSecret, refresh_token = RefreshToken,
                api_key = ApiKey, username = Username, password = Password, session_password = SessionPassword,
            },
        });
        var events = await builder.ReadEventsAsync(id);
        var result = await builder.ResultAsync(id);
        using var cassetteResponse = await builder.Http.GetAsync($"api/test-reads/{id}/cassette");
        var cassette = await cassetteResponse.Content.ReadAsStringAsync();

        var read = JsonDocument.Parse(result).RootElement;
        Assert.True(read.GetProperty("status").GetString() == status, result);
        Assert.Equal(status == "completed" ? 1 : 0, read.GetProperty("record_count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, cassetteResponse.StatusCode);
        Assert.True(provider.Served >= 1 || status == "failed");
        // The provider did see the secrets: the read really used them.
        Assert.Contains("****", result, StringComparison.Ordinal);
        var logs = read.GetProperty("logs").GetRawText();
        foreach (var (where, text) in new[] { ("result", result), ("events", events), ("logs", logs), ("cassette", cassette) })
            foreach (var secret in Forms())
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the {where} shows the secret '{secret}'");
    }

    private static IEnumerable<string> Forms()
    {
        foreach (var secret in new[] { ClientSecret, RefreshToken, ApiKey, Password, AccessToken, SessionPassword, SessionToken })
        {
            yield return secret;
            yield return Uri.EscapeDataString(secret);
            yield return WebUtility.UrlEncode(secret);
            yield return JsonEncodedText.Encode(secret).ToString();
        }
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
    }

    /// <summary>An API with an OAuth token endpoint, a list that needs the token and the key, and one behind Basic auth; it echoes what it got.</summary>
    private sealed class FakeProvider : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _served;

        private FakeProvider(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = "";
        public int Served => _served;

        public static async Task<FakeProvider> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var provider = new FakeProvider(app);
            app.MapPost("/oauth/token", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                if (form["client_secret"] != ClientSecret || form["refresh_token"] != RefreshToken) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
                return Results.Json(new { access_token = AccessToken, expires_in = 3600, token_type = "Bearer" });
            });
            app.MapGet("/items", (HttpRequest request) =>
            {
                if (request.Headers.Authorization != $"Bearer {AccessToken}" || request.Query["key"] != ApiKey)
                    return Results.Json(new { error = $"bad credentials: {request.Headers.Authorization} {request.Query["key"]}" }, statusCode: 403);
                Interlocked.Increment(ref provider._served);
                return Results.Json(new { results = new[] { new { id = 1, echo = $"token {AccessToken} key {ApiKey}" } } });
            });
            app.MapPost("/session", async (HttpRequest request) =>
            {
                var login = await JsonDocument.ParseAsync(request.Body);
                if (login.RootElement.GetProperty("password").GetString() != SessionPassword) return Results.Json(new { error = "bad login" }, statusCode: 401);
                return Results.Json(new { token = SessionToken });
            });
            app.MapGet("/session/items", (HttpRequest request) =>
            {
                if (request.Headers["X-Session-Token"] != SessionToken) return Results.Json(new { error = "bad session" }, statusCode: 401);
                Interlocked.Increment(ref provider._served);
                return Results.Json(new { results = new[] { new { id = 3 } } });
            });
            // A careless error page: it echoes back every credential of the request.
            app.MapGet("/echo/{status:int}", (int status, HttpRequest request) => Results.Text(
                $"denied: authorization={request.Headers.Authorization} session={request.Headers["X-Session-Token"]} query={request.QueryString}", "text/plain", Encoding.UTF8, status));
            app.MapGet("/basic", (HttpRequest request) =>
            {
                var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
                if (request.Headers.Authorization != expected) return Results.Json(new { error = "bad credentials" }, statusCode: 401);
                Interlocked.Increment(ref provider._served);
                return Results.Json(new { results = new[] { new { id = 2, echo = request.Headers.Authorization.ToString() } } });
            });
            await app.StartAsync();
            provider.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return provider;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
