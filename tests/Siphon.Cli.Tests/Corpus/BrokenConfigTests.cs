using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests.Corpus;

/// <summary>
/// Broken configs (not matching the spec's connection_specification, not JSON, missing) run through `siphon check` and
/// `siphon read` as the platform runs them: each ends with a clear message naming the field, the documented exit code,
/// valid protocol output, and never a stack trace.
/// </summary>
public sealed class BrokenConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siphon-configs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Manifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        streams:
          - name: items
            retriever:
              type: SimpleRetriever
              requester: { url: "http://127.0.0.1:9/items", authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" } }
              record_selector: { extractor: { field_path: [data] } }
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [api_key, start_date]
            properties:
              api_key: { type: string, airbyte_secret: true }
              start_date: { type: string, pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }
              page_size: { type: integer, minimum: 1, maximum: 1000 }
              region: { type: string, enum: [eu, us] }
              options: { type: object, properties: { verbose: { type: boolean } } }
        """;

    /// <summary>name, config text (null: the file does not exist), the exact error message ({config} is the config path).</summary>
    public static TheoryData<string, string?, string> Configs => new()
    {
        { "missing required field", """{"start_date": "2024-01-01"}""", "the config does not match the spec: config: Required properties [\"api_key\"] are not present" },
        { "two missing required fields", """{}""", "the config does not match the spec: config: Required properties [\"api_key\",\"start_date\"] are not present" },
        { "string given a number", """{"api_key": 12345, "start_date": "2024-01-01"}""", "the config does not match the spec: config.api_key: Value is \"integer\" but should be \"string\"" },
        { "integer given a string", """{"api_key": "k-123", "start_date": "2024-01-01", "page_size": "ten"}""", "the config does not match the spec: config.page_size: Value is \"string\" but should be \"integer\"" },
        { "integer below its minimum", """{"api_key": "k-123", "start_date": "2024-01-01", "page_size": 0}""", "the config does not match the spec: config.page_size: 0 should be at least 1" },
        { "value outside the enum", """{"api_key": "k-123", "start_date": "2024-01-01", "region": "mars"}""", "the config does not match the spec: config.region: Value should match one of the values specified by the enum" },
        { "pattern not matched", """{"api_key": "k-123", "start_date": "01/02/2024"}""", "the config does not match the spec: config.start_date: The string value is not a match for the indicated regular expression" },
        { "nested wrong type", """{"api_key": "k-123", "start_date": "2024-01-01", "options": {"verbose": "yes"}}""", "the config does not match the spec: config.options.verbose: Value is \"string\" but should be \"boolean\"" },
        { "null for a required string", """{"api_key": null, "start_date": "2024-01-01"}""", "the config does not match the spec: config.api_key: Value is \"null\" but should be \"string\"" },
        { "config is a list", """[{"api_key": "k-123"}]""", "{config}: the config must be a JSON object" },
        { "config is a string", "\"api_key\"", "{config}: the config must be a JSON object" },
        { "truncated JSON", """{"api_key": "k-123", "start_date": """, "{config}:1:36: the config is not valid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed." },
        { "trailing garbage", """{"api_key": "k-123", "start_date": "2024-01-01"} x""", "{config}:1:50: the config is not valid JSON: 'x' is invalid after a single JSON value. Expected end of data." },
        { "empty file", "", "{config}:1:1: the config is not valid JSON: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true." },
        { "YAML instead of JSON", "api_key: k-123\nstart_date: 2024-01-01\n", "{config}:1:1: the config is not valid JSON: 'a' is an invalid start of a value." },
        { "missing file", null, "config file not found: {config}" },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task CheckAndRead_BrokenConfig_FailClearlyWithoutAStackTrace(string name, string? config, string expected)
    {
        var manifest = Path.Combine(_dir, "manifest.yaml");
        await File.WriteAllTextAsync(manifest, Manifest);
        var path = Path.Combine(_dir, "config.json");
        if (config is not null) await File.WriteAllTextAsync(path, config);

        var message = expected.Replace("{config}", path, StringComparison.Ordinal);
        var check = await SiphonProcess.RunAsync("check", "--manifest", manifest, "--config", path);
        var read = await SiphonProcess.RunAsync("read", "--manifest", manifest, "--config", path);

        foreach (var (command, result) in new[] { ("check", check), ("read", read) })
        {
            var all = result.StandardOutput + result.StandardError;
            Assert.True(result.ExitCode != 0 || command == "check", $"{name}: {command} exited 0:\n{all}");
            Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
            Assert.DoesNotContain("k-123", all, StringComparison.Ordinal);
            var errors = ProtocolSchema.ValidMessages(result.StandardOutput)
                .Where(m => (string?)m["trace"]?["type"] == "ERROR").Select(m => (string?)m["trace"]!["error"]!["message"]).ToList();
            Assert.True(errors.Contains(message), $"{name}: {command} does not say\n  {message}\nbut:\n{all}");
        }
        // check reports through CONNECTION_STATUS (exit 0, as the protocol wants) or a config-error TRACE; read through a TRACE.
        Assert.Contains("\"FAILED\"", check.StandardOutput + check.StandardError, StringComparison.Ordinal);
        Assert.Contains("config_error", read.StandardOutput, StringComparison.Ordinal);
    }
}
