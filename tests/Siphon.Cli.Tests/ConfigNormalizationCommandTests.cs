using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

/// <summary>
/// The manifest's <c>config_normalization_rules</c> as the platform sees them: an old config is migrated before anything
/// runs and the migrated config is announced once as a CONTROL message; a config failing a validation is refused
/// naming the rule, before any request.
/// </summary>
public sealed class ConfigNormalizationCommandTests() : LoopbackCommandTest("siphon-config-rules-")
{
    // Trimmed from the catalogue's source-youtube-data: its migration moves a top-level api_key under credentials,
    // where the SelectiveAuthenticator looks for it.
    private const string Manifest = """
        version: 6.4.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [channels] }
        definitions:
          api_key_authenticator:
            type: ApiKeyAuthenticator
            api_token: '{{ config["credentials"]["api_key"] }}'
            inject_into: { type: RequestOption, field_name: key, inject_into: request_parameter }
        streams:
          - type: DeclarativeStream
            name: channels
            primary_key: [id]
            retriever:
              type: SimpleRetriever
              requester:
                type: HttpRequester
                url_base: https://www.googleapis.com/youtube/v3/
                path: channels
                authenticator:
                  type: SelectiveAuthenticator
                  authenticator_selection_path: ["credentials", "auth_method"]
                  authenticators:
                    api_key: "#/definitions/api_key_authenticator"
                request_parameters:
                  id: "{{ config['channel_ids'] | join(',') }}"
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [items, "*"] } }
        spec:
          type: Spec
          connection_specification:
            type: object
            $schema: http://json-schema.org/draft-07/schema#
            required: [credentials, channel_ids]
            properties:
              credentials:
                type: object
                oneOf:
                  - type: object
                    required: [api_key]
                    properties:
                      auth_method: { type: string, const: api_key }
                      api_key: { type: string, airbyte_secret: true }
              channel_ids: { type: array, items: { type: string } }
            additionalProperties: true
          config_normalization_rules:
            type: ConfigNormalizationRules
            config_migrations:
              - type: ConfigMigration
                description: "OLD: {api_key: ...}; NEW: {credentials: {api_key: ..., auth_method: api_key}}"
                transformations:
                  - type: ConfigAddFields
                    fields:
                      - type: AddedFieldDefinition
                        path: ["credentials", "api_key"]
                        value: "{{ config['api_key'] }}"
                    condition: "{{ config.get('api_key', False) }}"
                  - type: ConfigAddFields
                    fields:
                      - type: AddedFieldDefinition
                        path: ["credentials", "auth_method"]
                        value: "api_key"
                    condition: "{{ config.get('api_key', False) }}"
            validations:
              - type: DpathValidator
                field_path: [channel_ids]
                validation_strategy:
                  type: ValidateAdheresToSchema
                  base_schema: { type: array, minItems: 1 }
        """;

    private async Task<SiphonProcess.Result> RunAsync(string command, string config)
    {
        Server.Respond((200, """{"items":[{"id":"UC1","title":"one"},{"id":"UC2","title":"two"}]}""", []));
        return await SiphonProcess.RunAsync(command, "--manifest", Dir.Write("manifest.yaml", Manifest), "--config", Dir.Write("config.json", config),
            "--map-url", $"https://www.googleapis.com/youtube/v3/={Server.BaseUrl}/");
    }

    [Fact]
    public async Task Read_OldConfig_IsMigratedAnnouncedOnceAndUsedForTheRequests()
    {
        var result = await RunAsync("read", """{"api_key":"yt-old-key","channel_ids":["UC1","UC2"]}""");

        Assert.Equal(0, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        var control = Assert.Single(messages, m => (string?)m["type"] == "CONTROL");
        Assert.Equal("""{"api_key":"yt-old-key","channel_ids":["UC1","UC2"],"credentials":{"api_key":"yt-old-key","auth_method":"api_key"}}""",
            control["control"]!["connectorConfig"]!["config"]!.ToJsonString());
        Assert.Equal(["UC1", "UC2"], messages.Where(m => (string?)m["type"] == "RECORD").Select(m => (string?)m["record"]!["data"]!["id"]));
        var request = Assert.Single(Server.Requests);
        Assert.Equal("/channels", request.Path);
        Assert.Equal("?id=UC1%2CUC2&key=yt-old-key", request.Query);
        var types = messages.Select(m => (string?)m["type"]).ToList();
        Assert.True(types.IndexOf("CONTROL") < types.IndexOf("RECORD"), "the migrated config is announced before the records");
    }

    [Fact]
    public async Task Read_OldConfig_WritesTheMigratedConfigBackToTheConfigFileSoTheNextRunMigratesNothing()
    {
        var first = await RunAsync("read", """{"api_key":"yt-old-key","channel_ids":["UC1"]}""");
        var control = ProtocolSchema.ValidMessages(first.StandardOutput).Single(m => (string?)m["type"] == "CONTROL")["control"]!["connectorConfig"]!["config"]!;

        Assert.Equal(control.ToJsonString(), JsonNode.Parse(File.ReadAllText(Dir.File("config.json")))!.ToJsonString());
        Server.Respond((200, """{"items":[{"id":"UC1","title":"one"}]}""", []));
        var second = await SiphonProcess.RunAsync("read", "--manifest", Dir.File("manifest.yaml"), "--config", Dir.File("config.json"),
            "--map-url", $"https://www.googleapis.com/youtube/v3/={Server.BaseUrl}/");
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain(ProtocolSchema.ValidMessages(second.StandardOutput), m => (string?)m["type"] == "CONTROL");
    }

    [Fact]
    public async Task Read_ConfigAlreadyMigrated_AnnouncesNothing()
    {
        var first = await RunAsync("read", """{"api_key":"yt-old-key","channel_ids":["UC1"]}""");
        var migrated = ProtocolSchema.ValidMessages(first.StandardOutput).Single(m => (string?)m["type"] == "CONTROL")["control"]!["connectorConfig"]!["config"]!.ToJsonString();

        var second = await RunAsync("read", migrated);

        Assert.Equal(0, second.ExitCode);
        var messages = ProtocolSchema.ValidMessages(second.StandardOutput);
        Assert.DoesNotContain(messages, m => (string?)m["type"] == "CONTROL");
        Assert.Equal(2, messages.Count(m => (string?)m["type"] == "RECORD"));
    }

    [Fact]
    public async Task Check_ConfigFailingAValidation_FailsNamingTheRuleWithoutSendingARequest()
    {
        var result = await RunAsync("check", """{"credentials":{"auth_method":"api_key","api_key":"yt-secret-key"},"channel_ids":[]}""");

        Assert.Equal(0, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        var error = (string?)Assert.Single(messages, m => (string?)m["trace"]?["type"] == "ERROR")["trace"]!["error"]!["message"];
        Assert.Matches(@"manifest\.yaml:\d+:\d+ spec\.config_normalization_rules\.validations\[0\] \(DpathValidator\): at \[channel_ids\]: JSON schema validation error", error);
        Assert.Equal("FAILED", (string?)Assert.Single(messages, m => (string?)m["type"] == "CONNECTION_STATUS")["connectionStatus"]!["status"]);
        Assert.Empty(Server.Requests);
        Assert.DoesNotContain("yt-secret-key", result.StandardOutput);
    }

    [Fact]
    public async Task Read_ConfigFailingAValidation_IsAConfigErrorAndSendsNoRequest()
    {
        var result = await RunAsync("read", """{"credentials":{"auth_method":"api_key","api_key":"k"},"channel_ids":[]}""");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["trace"]?["type"] == "ERROR");
        Assert.Equal("config_error", (string?)error["trace"]!["error"]!["failure_type"]);
        Assert.Contains("DpathValidator", (string?)error["trace"]!["error"]!["message"]);
        Assert.Empty(Server.Requests);
    }
}
