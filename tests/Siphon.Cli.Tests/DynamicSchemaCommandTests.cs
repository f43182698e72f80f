using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;

namespace Siphon.Cli.Tests;

/// <summary>
/// A stream whose schema is read from the API (DynamicSchemaLoader, SchemaTypeIdentifier, types_mapping), as the
/// catalogue's source-google-sheets reads a sheet's header row: discover lists the fields, with the reference's
/// nullable types.
/// </summary>
public sealed class DynamicSchemaCommandTests() : LoopbackCommandTest("siphon-dynamic-schema-")
{
    public override Task InitializeAsync()
    {
        Server.ServeJson(context => context.Request.Path.Value switch
        {
            "/v1/tables/orders/fields" => """
                {"fields": [
                  {"name": "id", "type": "int"},
                  {"name": "email", "type": "text"},
                  {"name": "created", "type": "datetime", "tz": true},
                  {"name": "local_time", "type": "datetime", "tz": false},
                  {"name": "tags", "type": "list"},
                  {"name": "amount", "type": ["int", "text"]},
                  {"name": "internal_note", "type": "text"},
                  {"name": "unknown"}
                ], "next": "page-2"}
                """,
            _ => """{"records": [{"id": 1, "email": "a@example.com"}]}""",
        });
        return Task.CompletedTask;
    }

    private const string Manifest = """
        version: 6.44.0
        type: DeclarativeSource
        check: { type: CheckStream, stream_names: [orders] }
        definitions:
          requester:
            type: HttpRequester
            url_base: https://api.example.com/v1/
            authenticator: { type: BearerAuthenticator, api_token: "{{ config['token'] }}" }
        streams:
          - type: DeclarativeStream
            name: orders
            primary_key: [id]
            $parameters:
              table: orders
            retriever:
              type: SimpleRetriever
              requester: { $ref: "#/definitions/requester", path: "tables/{{ parameters['table'] }}/records" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [records] } }
            schema_loader:
              type: DynamicSchemaLoader
              retriever:
                type: SimpleRetriever
                requester: { $ref: "#/definitions/requester", path: "tables/{{ parameters['table'] }}/fields" }
                record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
                paginator:
                  type: DefaultPaginator
                  pagination_strategy: { type: CursorPagination, cursor_value: "{{ response.next }}" }
                  page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
              schema_filter:
                type: RecordFilter
                condition: "{{ 'internal_note' not in record }}"
              schema_transformations:
                - type: AddFields
                  fields:
                    - path: [_table]
                      value: "{{ {'type': ['null', 'string']} }}"
              schema_type_identifier:
                type: SchemaTypeIdentifier
                schema_pointer: [fields]
                key_pointer: [name]
                type_pointer: [type]
                types_mapping:
                  - type: TypesMap
                    current_type: int
                    target_type: integer
                  - type: TypesMap
                    current_type: text
                    target_type: string
                  - type: TypesMap
                    current_type: datetime
                    target_type: timestamp_with_timezone
                    condition: "{{ raw_schema['tz'] }}"
                  - type: TypesMap
                    current_type: datetime
                    target_type: timestamp_without_timezone
                  - type: TypesMap
                    current_type: list
                    target_type: { field_type: array, items: string }
                  - type: TypesMap
                    current_type: [int, text]
                    target_type: [integer, string]
        spec:
          type: Spec
          connection_specification:
            type: object
            required: [token]
            properties:
              token: { type: string, airbyte_secret: true }
        """;

    private Task<SiphonProcess.Result> DiscoverAsync(string manifest) =>
        SiphonProcess.RunAsync("discover", "--manifest", Dir.Write("manifest.yaml", manifest), "--config", Dir.Write("config.json", """{"token": "api-token"}"""),
            "--map-url", $"https://api.example.com/={Server.BaseUrl}/");

    [Fact]
    public async Task Discover_DynamicSchemaLoader_ListsTheFieldsWithMappedNullableTypes()
    {
        var result = await DiscoverAsync(Manifest);

        Assert.Equal(0, result.ExitCode);
        var catalog = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "CATALOG");
        var schema = catalog["catalog"]!["streams"]![0]!["json_schema"]!;
        var expected = JsonNode.Parse("""
            {
              "id": {"type": ["null", "integer"]},
              "email": {"type": ["null", "string"]},
              "created": {"type": ["null", "string"], "format": "date-time"},
              "local_time": {"type": ["null", "string"], "format": "date-time", "airbyte_type": "timestamp_without_timezone"},
              "tags": {"type": ["null", "array"], "items": {"type": ["null", "string"]}},
              "amount": {"oneOf": [{"type": ["null", "integer"]}, {"type": ["null", "string"]}]},
              "unknown": {"type": ["null", "string"]},
              "_table": {"type": ["null", "string"]}
            }
            """)!;
        Assert.Equal(expected.ToJsonString(), schema["properties"]!.ToJsonString());
        Assert.True((bool)schema["additionalProperties"]!);
        // Only the first record of the first page describes the fields, as in the reference.
        Assert.Equal(["/v1/tables/orders/fields"], Server.Requests.Select(r => r.Path));
        Assert.All(Server.Requests, r => Assert.Equal("Bearer api-token", r.Header("Authorization")));
    }

    [Fact]
    public async Task Discover_TypeMissingFromTheReferenceTypes_FailsNamingTheType()
    {
        var result = await DiscoverAsync(Manifest.Replace("current_type: text\n", "current_type: varchar\n"));

        Assert.NotEqual(0, result.ExitCode);
        var trace = Assert.Single(ProtocolSchema.ValidMessages(result.StandardOutput), m => (string?)m["type"] == "TRACE");
        Assert.Contains("stream 'orders'", (string?)trace["trace"]!["error"]!["message"]);
        Assert.Contains("invalid Airbyte data type 'text'", (string?)trace["trace"]!["error"]!["message"]);
        Assert.DoesNotContain("api-token", result.StandardOutput);
    }

    [Fact]
    public async Task Discover_WithoutConfig_ListsTheStreamWithAnOpenSchemaAndWarns()
    {
        var result = await SiphonProcess.RunAsync("discover", "--manifest", Dir.Write("manifest.yaml", Manifest));

        Assert.Equal(0, result.ExitCode);
        var messages = ProtocolSchema.ValidMessages(result.StandardOutput);
        var catalog = Assert.Single(messages, m => (string?)m["type"] == "CATALOG");
        Assert.Equal(new JsonObject().ToJsonString(), catalog["catalog"]!["streams"]![0]!["json_schema"]!["properties"]!.ToJsonString());
        Assert.Contains(messages, m => (string?)m["type"] == "LOG" && ((string?)m["log"]!["message"])!.Contains("DynamicSchemaLoader"));
        Assert.Empty(Server.Requests);
    }
}
