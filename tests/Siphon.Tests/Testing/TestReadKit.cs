using Siphon.Simulator;
using Siphon.Source;
using Siphon.Testing;
using Siphon.Values;

namespace Siphon.Tests.Testing;

/// <summary>Manifests for test reads against the simulator, built through the real loader.</summary>
public static class TestReadKit
{
    public const string Polling = "polling: { initial_interval: PT0.02S, max_interval: PT0.05S }";

    private const string Spec = """
        spec:
          type: Spec
          connection_specification:
            type: object
            properties:
              api_key: { type: string, airbyte_secret: true }
              base_url: { type: string }
        """;

    /// <summary>An Amazon/Bing-ads style report stream: one job per report type, polled, a download-target request, gzip CSV files.</summary>
    public static string Reports(string reportTypes = "[campaigns, keywords, ad_groups]") => $$$"""
        version: 6.5.0
        check: { stream_names: [reports] }
        {{{Spec}}}
        definitions:
          auth: { type: ApiKeyAuthenticator, api_token: "{{ config['api_key'] }}", inject_into: { type: RequestOption, inject_into: header, field_name: X-Api-Key } }
          report: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}"
        streams:
          - name: reports
            primary_key: [campaign_id]
            retriever:
              type: AsyncRetriever
              {{{Polling}}}
              partition_router: { type: ListPartitionRouter, values: {{{reportTypes}}}, cursor_field: report_type }
              creation_requester:
                url: "{{ config['base_url'] }}/reporting/reports"
                http_method: POST
                authenticator: "#/definitions/auth"
                request_body_json: { reportType: "{{ stream_partition.report_type }}", startDate: "2024-01-01", endDate: "2024-01-03" }
              polling_requester: { url: "#/definitions/report", authenticator: "#/definitions/auth" }
              download_target_requester: { url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}/document", authenticator: "#/definitions/auth" }
              abort_requester: { url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}/cancel", http_method: POST, authenticator: "#/definitions/auth" }
              delete_requester: { url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}", http_method: DELETE, authenticator: "#/definitions/auth" }
              download_requester: { url: "{{ download_target }}" }
              status_extractor: { field_path: [data, state] }
              status_mapping: { running: [QUEUED, PROCESSING, GENERATING], completed: [COMPLETED], failed: [FAILED, CANCELLED], timeout: [] }
              download_target_extractor: { field_path: [data, urls] }
              record_selector: { extractor: { field_path: [] } }
              download_decoder: { type: GzipDecoder, decoder: { type: CsvDecoder } }
        """;

    /// <summary>A paginated list (page numbers), a synchronous stream.</summary>
    public static string Items(int perPage = 10) => $$$"""
        version: 6.5.0
        check: { stream_names: [items] }
        spec:
          type: Spec
          connection_specification:
            type: object
            properties:
              api_key: { type: string, airbyte_secret: true }
              base_url: { type: string }
        streams:
          - name: items
            primary_key: [id]
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/api/items/pages"
                authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
                request_parameters: { per_page: "{{{perPage}}}" }
              paginator:
                type: DefaultPaginator
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
                pagination_strategy: { type: PageIncrement, page_size: {{{perPage}}}, start_from_page: 1 }
              record_selector: { extractor: { field_path: [results] } }
        """;

    public static ConnectorDefinition Load(string manifest)
    {
        var loaded = ConnectorLoader.Parse("manifest.yaml", manifest);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        return loaded.Definition!;
    }

    public static Dictionary<string, object?> Config(SimulatorHost simulator, bool apiKey) =>
        (Dictionary<string, object?>)JsonValues.Parse($$"""{"api_key":"{{(apiKey ? simulator.Options.ApiKey : simulator.Options.BearerToken)}}","base_url":"{{simulator.BaseUrl.ToString().TrimEnd('/')}}"}""")!;

    public static Task<SimulatorHost> SimulatorAsync(Knobs knobs) => SimulatorHost.StartAsync(new SimulatorOptions { Knobs = knobs });

    public static Task<TestReadOutcome> ReadAsync(string manifest, Dictionary<string, object?> config, TestReadRequest request,
        List<TestReadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        TestReader.RunAsync(Load(manifest), config, request, p => { if (progress is not null) lock (progress) progress.Add(p); }, cancellationToken);
}
