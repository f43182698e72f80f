using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Siphon.Cli.Tests.Support;
using Siphon.Http;

namespace Siphon.Cli.Tests.Secrets;

/// <summary>
/// Real reads against a loopback API with every form of secret (API key in the query, Basic credentials, OAuth client
/// secret, refresh and access tokens, session login and token), successful and failing (401 and 500 pages that echo
/// the credentials, a template whose error would quote a secret). Every channel a user or the platform sees is swept
/// for every form of every secret: `siphon read`, `check`, `sync` and `test` stdout (RECORD, LOG, TRACE, STATE,
/// CONTROL) and stderr, cassettes, and every table of the DuckDB destination including `_siphon_state`.
/// </summary>
public sealed class SecretSweepTests : IAsyncLifetime
{
    private readonly SecretSet _secrets = new();
    private readonly TempFolder _dir = new("siphon-secrets-");
    private SecretProvider _provider = null!;

    public async Task InitializeAsync() => _provider = await SecretProvider.StartAsync(_secrets);

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _dir.Dispose();
    }

    private const string Spec = """
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [base_url, api_key]
            properties:
              base_url: { type: string }
              start_date: { type: string }
              api_key: { type: string, airbyte_secret: true }
              client_id: { type: string }
              client_secret: { type: string, airbyte_secret: true }
              refresh_token: { type: string, airbyte_secret: true }
              username: { type: string }
              password: { type: string, airbyte_secret: true }
              session_user: { type: string }
              session_password: { type: string, airbyte_secret: true }
        definitions:
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
          schema:
            type: InlineSchemaLoader
            schema: { type: object, properties: { id: { type: integer }, kind: { type: string }, updated_at: { type: string }, name: { type: string } } }
          fail_fast:
            type: DefaultErrorHandler
            response_filters: [{ type: HttpResponseFilter, http_codes: [401, 403, 500], action: FAIL }]
        """;

    private const string GoodStreams = """
        version: 6.5.0
        check: { stream_names: [oauth_items] }
        streams:
          - name: oauth_items
            primary_key: id
            schema_loader: "#/definitions/schema"
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated_at
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              start_datetime: "{{ config['start_date'] }}"
              end_datetime: "2024-02-01T00:00:00Z"
              step: P1M
              cursor_granularity: PT1S
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/oauth/items"
                request_parameters: { key: "{{ config['api_key'] }}" }
                authenticator: "#/definitions/oauth"
              record_selector: { extractor: { field_path: [results] } }
          - name: basic_items
            primary_key: id
            schema_loader: "#/definitions/schema"
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/basic/items"
                authenticator: { type: BasicHttpAuthenticator, username: "{{ config['username'] }}", password: "{{ config['password'] }}" }
              record_selector: { extractor: { field_path: [results] } }
          - name: session_items
            primary_key: id
            schema_loader: "#/definitions/schema"
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/session/items"
                authenticator: "#/definitions/session"
              record_selector: { extractor: { field_path: [results] } }
        """;

    private const string FailingStreams = """
        version: 6.5.0
        check: { stream_names: [unauthorized] }
        streams:
          - name: unauthorized
            schema_loader: "#/definitions/schema"
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/echo/401"
                request_parameters: { key: "{{ config['api_key'] }}", secret: "{{ config['client_secret'] }}" }
                authenticator: "#/definitions/oauth"
                error_handler: "#/definitions/fail_fast"
              record_selector: { extractor: { field_path: [results] } }
          - name: server_error
            schema_loader: "#/definitions/schema"
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/echo/500"
                authenticator: "#/definitions/session"
                request_parameters: { key: "{{ config['api_key'] }}" }
                error_handler: "#/definitions/fail_fast"
              record_selector: { extractor: { field_path: [results] } }
          - name: basic_error
            schema_loader: "#/definitions/schema"
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/echo/403"
                authenticator: { type: BasicHttpAuthenticator, username: "{{ config['username'] }}", password: "{{ config['password'] }}" }
                error_handler: "#/definitions/fail_fast"
              record_selector: { extractor: { field_path: [results] } }
          - name: bad_template
            schema_loader: "#/definitions/schema"
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/oauth/items"
                request_parameters: { since: "{{ duration(config['api_key']) }}", other: "{{ str_to_datetime(config['password']) }}" }
              record_selector: { extractor: { field_path: [results] } }
        """;

    private string Config() => _dir.Write("config.json", JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["base_url"] = _provider.BaseUrl, ["start_date"] = "2024-01-01T00:00:00Z", ["api_key"] = _secrets.ApiKey, ["client_id"] = "client-sweep",
        ["client_secret"] = _secrets.ClientSecret, ["refresh_token"] = _secrets.RefreshToken, ["username"] = _secrets.Username, ["password"] = _secrets.Password,
        ["session_user"] = _secrets.SessionUser, ["session_password"] = _secrets.SessionPassword,
    }));

    [Fact]
    [Trait("Category", "Long")]
    public async Task EveryChannel_OfSuccessfulAndFailingRuns_ShowsNoFormOfAnySecret()
    {
        var good = _dir.Write("good.yaml", GoodStreams + "\n" + Spec);
        var bad = _dir.Write("bad.yaml", FailingStreams + "\n" + Spec);
        var config = Config();
        var channels = new List<(string Channel, string Text)>();

        async Task<SiphonProcess.Result> Run(string name, params string[] args)
        {
            var result = await SiphonProcess.RunAsync(args);
            channels.Add(($"{name} stdout", result.StandardOutput));
            channels.Add(($"{name} stderr", result.StandardError));
            return result;
        }

        var read = await Run("read", "read", "--manifest", good, "--config", config);
        var failedRead = await Run("failing read", "read", "--manifest", bad, "--config", config);
        var check = await Run("check", "check", "--manifest", bad, "--config", config);
        var database = _dir.File("sweep.duckdb");
        var sync = await Run("sync", "sync", "--manifest", good, "--config", config, "--destination", $"duckdb:{database}");
        var failedSync = await Run("failing sync", "sync", "--manifest", bad, "--config", config, "--destination", $"duckdb:{_dir.File("failed.duckdb")}");
        foreach (var stream in new[] { "oauth_items", "session_items", "basic_items", "unauthorized", "server_error", "basic_error", "bad_template" })
        {
            var cassette = _dir.File($"{stream}.cassette.json");
            await Run($"test {stream}", "test", "--manifest", stream.Contains('_') && GoodStreams.Contains($"name: {stream}") ? good : bad,
                "--config", config, "--stream", stream, "--record", cassette, "--json");
            if (File.Exists(cassette)) channels.Add(($"cassette of {stream}", await File.ReadAllTextAsync(cassette)));
        }
        channels.Add(("DuckDB tables", File.Exists(database) ? DumpTables(database) : "(no database)"));

        // The runs really happened, really used the secrets, and really failed where they should.
        Assert.True(read.ExitCode == 0, read.StandardOutput + read.StandardError);
        Assert.True(ProtocolSchema.ValidMessages(read.StandardOutput).Count(m => (string?)m["type"] == "RECORD") >= 6, read.StandardOutput);
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);
        Assert.NotEqual(0, failedRead.ExitCode);
        Assert.NotEqual(0, failedSync.ExitCode);
        Assert.Contains("\"FAILED\"", check.StandardOutput, StringComparison.Ordinal);
        // oauth_items is one window (the reference's last window ends at the end): read, sync and a test read of each of
        // the three good streams make one authorized request per stream each.
        Assert.True(_provider.Authorized >= 9, $"only {_provider.Authorized} authorized requests");
        var failures = string.Join("\n", ProtocolSchema.ValidMessages(failedRead.StandardOutput)
            .Where(m => (string?)m["trace"]?["type"] == "ERROR").Select(m => (string?)m["trace"]!["error"]!["message"]));
        foreach (var stream in new[] { "unauthorized", "server_error", "basic_error", "bad_template" })
            Assert.Contains($"'{stream}'", failures, StringComparison.Ordinal);
        Assert.Contains("_siphon_state", channels.Last().Text, StringComparison.Ordinal);
        // The sweep has teeth: the echoed error pages and the template errors did reach the output, redacted.
        Assert.Contains("denied: authorization=", failures, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, failures, StringComparison.Ordinal);
        Assert.Contains("ISO-8601 duration", failures, StringComparison.Ordinal);

        var leaks = (from channel in channels
                     from form in _secrets.Forms()
                     where channel.Text.Contains(form.Text, StringComparison.Ordinal)
                     select $"{channel.Channel} shows the {form.What}: …{Around(channel.Text, form.Text)}…").Distinct().ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public async Task Check_FailingApiEchoingTheSecretInEveryEncoding_ShowsNoFormOfIt()
    {
        // The api key (reserved characters, a space, a non-ASCII letter) goes in the query, the client secret in a Bearer
        // header, and the error page echoes the query, the URL as Uri.ToString() shows it, and base64 of the header.
        var manifest = _dir.Write("echo.yaml", """
            version: 6.5.0
            check: { stream_names: [echoed] }
            streams:
              - name: echoed
                schema_loader: "#/definitions/schema"
                retriever:
                  type: SimpleRetriever
                  requester:
                    url: "{{ config['base_url'] }}/echo/500"
                    request_parameters: { token: "{{ config['api_key'] }}" }
                    authenticator: { type: BearerAuthenticator, api_token: "{{ config['client_secret'] }}" }
                    error_handler: "#/definitions/fail_fast"
                  record_selector: { extractor: { field_path: [results] } }
            """ + "\n" + Spec);

        var check = await SiphonProcess.RunAsync("check", "--manifest", manifest, "--config", Config());
        var test = await SiphonProcess.RunAsync("test", "--manifest", manifest, "--config", Config(), "--stream", "echoed", "--json");

        var output = check.StandardOutput + check.StandardError + test.StandardOutput + test.StandardError;
        Assert.Contains("as-base64=", output, StringComparison.Ordinal); // the echo reached the output
        var leaks = _secrets.Forms().Where(f => output.Contains(f.Text, StringComparison.Ordinal)).Select(f => f.What).ToList();
        Assert.True(leaks.Count == 0, $"leaks: {string.Join(", ", leaks)}\n{output}");
    }

    [Fact]
    public async Task Check_ConfigThatIsNotJson_ParseErrorDoesNotQuoteTheSecret()
    {
        var config = _dir.Write("broken.json", "{\"api_key\": nsk_live_SuperSecretKey123 }");

        var check = await SiphonProcess.RunAsync("check", "--manifest", _dir.Write("good.yaml", GoodStreams + "\n" + Spec), "--config", config);

        Assert.Contains("the config is not valid JSON", check.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("SuperSecret", check.StandardOutput + check.StandardError, StringComparison.Ordinal);
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, at - 120);
        return text[start..Math.Min(text.Length, at + secret.Length + 60)].ReplaceLineEndings(" ");
    }

    /// <summary>Every row of every table, as text.</summary>
    private static string DumpTables(string database)
    {
        var dump = new StringBuilder();
        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_schema || '.' || table_name FROM information_schema.tables ORDER BY 1";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            dump.AppendLine($"== {table}");
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {string.Join('.', table.Split('.').Select(p => $"\"{p}\""))}";
            using var reader = select.ExecuteReader();
            while (reader.Read())
                dump.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return dump.ToString();
    }
}
