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

    /// <summary>name, config text (null: the file does not exist), what the message must contain.</summary>
    public static TheoryData<string, string?, string> Configs => new()
    {
        { "missing required field", """{"start_date": "2024-01-01"}""", "api_key" },
        { "two missing required fields", """{}""", "start_date" },
        { "string given a number", """{"api_key": 12345, "start_date": "2024-01-01"}""", "api_key" },
        { "integer given a string", """{"api_key": "k-123", "start_date": "2024-01-01", "page_size": "ten"}""", "page_size" },
        { "integer below its minimum", """{"api_key": "k-123", "start_date": "2024-01-01", "page_size": 0}""", "page_size" },
        { "value outside the enum", """{"api_key": "k-123", "start_date": "2024-01-01", "region": "mars"}""", "region" },
        { "pattern not matched", """{"api_key": "k-123", "start_date": "01/02/2024"}""", "start_date" },
        { "nested wrong type", """{"api_key": "k-123", "start_date": "2024-01-01", "options": {"verbose": "yes"}}""", "verbose" },
        { "null for a required string", """{"api_key": null, "start_date": "2024-01-01"}""", "api_key" },
        { "config is a list", """[{"api_key": "k-123"}]""", "config" },
        { "config is a string", "\"api_key\"", "config" },
        { "truncated JSON", """{"api_key": "k-123", "start_date": """, "JSON" },
        { "trailing garbage", """{"api_key": "k-123", "start_date": "2024-01-01"} x""", "JSON" },
        { "empty file", "", "config" },
        { "YAML instead of JSON", "api_key: k-123\nstart_date: 2024-01-01\n", "JSON" },
        { "missing file", null, "config" },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task CheckAndRead_BrokenConfig_FailClearlyWithoutAStackTrace(string name, string? config, string fragment)
    {
        var manifest = Path.Combine(_dir, "manifest.yaml");
        await File.WriteAllTextAsync(manifest, Manifest);
        var path = Path.Combine(_dir, "config.json");
        if (config is not null) await File.WriteAllTextAsync(path, config);

        var check = await SiphonProcess.RunAsync("check", "--manifest", manifest, "--config", path);
        var read = await SiphonProcess.RunAsync("read", "--manifest", manifest, "--config", path);

        foreach (var (command, result) in new[] { ("check", check), ("read", read) })
        {
            var all = result.StandardOutput + result.StandardError;
            Assert.True(result.ExitCode != 0 || command == "check", $"{name}: {command} exited 0:\n{all}");
            Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
            Assert.DoesNotContain("k-123", all, StringComparison.Ordinal);
            var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
            var text = string.Join("\n", messages.Select(m => m.ToJsonString())) + result.StandardError;
            Assert.True(text.Contains(fragment, StringComparison.Ordinal), $"{name}: {command} does not mention '{fragment}':\n{all}");
        }
        // check reports through CONNECTION_STATUS (exit 0, as the protocol wants) or a config-error TRACE; read through a TRACE.
        Assert.Contains("\"FAILED\"", check.StandardOutput + check.StandardError, StringComparison.Ordinal);
        Assert.Contains("config_error", read.StandardOutput, StringComparison.Ordinal);
    }
}
