using System.Net;
using System.Text.Json;

namespace Siphon.Builder.Tests;

/// <summary>
/// No secret reaches the builder: not the plain values of airbyte_secret fields, not their URL-encoded or base64 forms,
/// not a Basic-auth credential, not an OAuth token obtained during the read; not in the result, the server-sent events,
/// the logs or a cassette.
/// </summary>
public sealed class SecretRedactionTests
{
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
              session_user: { type: string }
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
              request_body_json: { username: "{{ config['session_user'] }}", password: "{{ config['session_password'] }}" }
            session_token_path: [token]
            request_authentication:
              type: SessionTokenRequestApiKeyAuthenticator
              inject_into: { type: RequestOption, inject_into: header, field_name: X-Session-Token }
        streams:
          - name: items
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/oauth/items"
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
                url: "{{ config['base_url'] }}/basic/items"
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
                url: "{{ config['base_url'] }}/oauth/items"
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
        var secrets = new SecretSet();
        await using var provider = await SecretProvider.StartAsync(secrets, echoInRecords: true);
        await using var builder = await BuilderClient.StartAsync();
        var id = await builder.StartTestReadAsync(new
        {
            manifest = Manifest,
            stream,
            record = true,
            config = new
            {
                base_url = provider.BaseUrl, client_id = "client-1", client_secret = secrets.ClientSecret, refresh_token = secrets.RefreshToken,
                api_key = secrets.ApiKey, username = secrets.Username, password = secrets.Password, session_user = secrets.SessionUser,
                session_password = secrets.SessionPassword,
            },
        });
        var events = await builder.ReadEventsAsync(id);
        var result = await builder.ResultAsync(id);
        using var cassetteResponse = await builder.Http.GetAsync($"api/test-reads/{id}/cassette");
        var cassette = await cassetteResponse.Content.ReadAsStringAsync();

        var read = JsonDocument.Parse(result).RootElement;
        Assert.True(read.GetProperty("status").GetString() == status, result);
        Assert.Equal(status == "completed" ? 2 : 0, read.GetProperty("record_count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, cassetteResponse.StatusCode);
        Assert.True(provider.Authorized >= 1 || status == "failed");
        // The provider did see the secrets: the read really used them.
        Assert.Contains("****", result, StringComparison.Ordinal);
        var logs = read.GetProperty("logs").GetRawText();
        foreach (var (where, text) in new[] { ("result", result), ("events", events), ("logs", logs), ("cassette", cassette) })
            foreach (var (what, secret) in secrets.Forms())
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the {where} shows the {what} '{secret}'");
    }
}
