using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests.Auth;

/// <summary>
/// One <c>OAuthAuthenticator</c> definition shared (by <c>$ref</c>) by three streams and an asynchronous stream's
/// creation, polling and download requesters, against an API whose refresh tokens are single-use: `siphon read` must
/// refresh once for the whole run, as the reference does, and announce the rotated token once.
/// </summary>
public sealed class SharedOAuthTokenTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new("siphon-oauth-");
    private SingleUseRefreshTokenServer _server = null!;

    public async Task InitializeAsync() => _server = await SingleUseRefreshTokenServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private const string Manifest = """
        version: 6.5.0
        type: DeclarativeSource
        check: { stream_names: [alpha] }
        definitions:
          oauth:
            type: OAuthAuthenticator
            token_refresh_endpoint: "{{ config['base_url'] }}/oauth/token"
            client_id: "{{ config['client_id'] }}"
            client_secret: "{{ config['client_secret'] }}"
            refresh_token: "{{ config['credentials']['refresh_token'] }}"
            refresh_token_updater: {}
          requester:
            type: HttpRequester
            url_base: "{{ config['base_url'] }}"
            authenticator: { $ref: "#/definitions/oauth" }
          list:
            type: DeclarativeStream
            retriever:
              type: SimpleRetriever
              requester: { $ref: "#/definitions/requester", path: "/lists/{{ parameters['name'] }}" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [data] } }
        streams:
          - { $ref: "#/definitions/list", name: alpha, $parameters: { name: alpha } }
          - { $ref: "#/definitions/list", name: beta, $parameters: { name: beta } }
          - { $ref: "#/definitions/list", name: gamma, $parameters: { name: gamma } }
          - type: DeclarativeStream
            name: export
            retriever:
              type: AsyncRetriever
              creation_requester: { $ref: "#/definitions/requester", path: /exports, http_method: POST }
              polling_requester: { $ref: "#/definitions/requester", path: "/exports/{{ creation_response['export']['ref_code'] }}" }
              download_requester: { $ref: "#/definitions/requester", path: "/exports/{{ creation_response['export']['ref_code'] }}/rows" }
              status_extractor: { type: DpathExtractor, field_path: [state] }
              status_mapping: { type: AsyncJobStatusMap, running: [pending], completed: [ready], failed: [failed], timeout: [expired] }
              download_extractor: { type: DpathExtractor, field_path: [data] }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [base_url, client_id, client_secret, credentials]
            properties:
              base_url: { type: string }
              client_id: { type: string }
              client_secret: { type: string, airbyte_secret: true }
              credentials:
                type: object
                properties:
                  refresh_token: { type: string, airbyte_secret: true }
        """;

    [Fact]
    public async Task Read_OneOAuthDefinitionForEveryRequesterAndSingleUseRefreshTokens_RefreshesOnceAndAnnouncesTheRotatedTokenOnce()
    {
        var config = new JsonObject
        {
            ["base_url"] = _server.BaseUrl, ["client_id"] = "siphon", ["client_secret"] = "cs-" + Guid.NewGuid().ToString("N"),
            ["credentials"] = new JsonObject { ["refresh_token"] = _server.RefreshToken },
        };

        var result = await SiphonProcess.RunAsync("read", "--manifest", _dir.Write("manifest.yaml", Manifest), "--config", _dir.Write("config.json", config.ToJsonString()));

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        Assert.Equal(7, messages.Count(m => (string?)m["type"] == "RECORD"));
        Assert.Equal(1, _server.Refreshes);
        Assert.Equal(0, _server.RejectedRefreshes);
        Assert.Equal(0, _server.Unauthorized);
        Assert.Equal(6, _server.Authorized);
        var control = Assert.Single(messages, m => (string?)m["type"] == "CONTROL");
        var updated = control["control"]!["connectorConfig"]!["config"]!;
        Assert.Equal(_server.RefreshToken, (string?)updated["credentials"]!["refresh_token"]);
        Assert.Equal(_server.AccessToken, (string?)updated["credentials"]!["access_token"]);
        // Only the CONTROL message, which exists to hand the rotated token to the platform, may carry a token.
        var elsewhere = string.Join("\n", result.StandardOutput.Split('\n').Where(line => !line.Contains("\"CONTROL\"", StringComparison.Ordinal))) + result.StandardError;
        Assert.All(_server.Issued.Append((string)config["client_secret"]!), token => Assert.DoesNotContain(token, elsewhere));
    }

    [Fact]
    public async Task Read_ConfigHoldsAnUnexpiredAccessTokenAtTheUpdaterPath_UsesItWithoutRefreshing()
    {
        // First run: obtain and rotate; the platform saves the CONTROL message's config.
        var config = new JsonObject
        {
            ["base_url"] = _server.BaseUrl, ["client_id"] = "siphon", ["client_secret"] = "cs",
            ["credentials"] = new JsonObject { ["refresh_token"] = _server.RefreshToken },
        };
        var first = await SiphonProcess.RunAsync("read", "--manifest", _dir.Write("manifest.yaml", Manifest), "--config", _dir.Write("config.json", config.ToJsonString()));
        var saved = ProtocolSchema.ValidMessages(first.StandardOutput).Single(m => (string?)m["type"] == "CONTROL")["control"]!["connectorConfig"]!["config"]!;

        var second = await SiphonProcess.RunAsync("read", "--manifest", _dir.Write("manifest.yaml", Manifest), "--config", _dir.Write("saved.json", saved.ToJsonString()));

        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Equal(1, _server.Refreshes);
        Assert.Equal(0, _server.Unauthorized);
        Assert.DoesNotContain(ProtocolSchema.ValidMessages(second.StandardOutput), m => (string?)m["type"] == "CONTROL");
    }
}
