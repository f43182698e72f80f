namespace Siphon.Reliability.Tests.Support;

/// <summary>
/// An ads-report connector for the simulator's <c>reports</c> family: one job per report type (a ListPartitionRouter),
/// every step a real HTTP call (create, poll, download target, download, abort, delete), polling and retries kept fast
/// so a fault costs milliseconds, except where the server's Retry-After says otherwise.
/// </summary>
public static class ReportsConnector
{
    public const string StartDate = "2024-01-01";
    public const string EndDate = "2024-01-31";

    /// <param name="decoder">The download decoder as YAML flow text.</param>
    /// <param name="retrieverExtra">More AsyncRetriever fields, one per line (e.g. <c>max_attempts: 2</c>).</param>
    public static string Manifest(string decoder = "{ type: GzipDecoder, decoder: { type: CsvDecoder } }", string retrieverExtra = "",
        string polling = "{ initial_interval: PT0.02S, max_interval: PT0.05S }", string partitionRouter = DefaultRouter, string creationBody = DefaultBody) => $$$"""
        version: 6.5.0
        type: DeclarativeSource
        max_concurrent_async_job_count: "{{ config.get('max_jobs', 2) }}"
        check: { stream_names: [ad_reports] }
        definitions:
          auth:
            type: ApiKeyAuthenticator
            api_token: "{{ config['api_key'] }}"
            inject_into: { type: RequestOption, inject_into: header, field_name: X-Api-Key }
          retry:
            type: DefaultErrorHandler
            max_retries: 5
            backoff_strategies:
              - { type: WaitTimeFromHeader, header: Retry-After }
              - { type: ConstantBackoffStrategy, backoff_time_in_seconds: 0.02 }
        streams:
          - type: DeclarativeStream
            name: ad_reports
            primary_key: [report_type, date, campaign_id]
            schema_loader: { type: InlineSchemaLoader, schema: { type: object } }
            retriever:
              type: AsyncRetriever
              polling: {{{polling}}}
              partition_router: {{{partitionRouter}}}
              creation_requester:
                url: "{{ config['base_url'] }}/reporting/reports"
                http_method: POST
                authenticator: "#/definitions/auth"
                error_handler: "#/definitions/retry"
                request_body_json: {{{creationBody}}}
              polling_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}"
                authenticator: "#/definitions/auth"
                error_handler: "#/definitions/retry"
              download_target_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}/document"
                authenticator: "#/definitions/auth"
                error_handler: "#/definitions/retry"
              download_target_extractor: { type: DpathExtractor, field_path: [data, urls] }
              abort_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}/cancel"
                http_method: POST
                authenticator: "#/definitions/auth"
                error_handler: "#/definitions/retry"
              delete_requester:
                url: "{{ config['base_url'] }}/reporting/reports/{{ creation_response['reportId'] }}"
                http_method: DELETE
                authenticator: "#/definitions/auth"
                error_handler: "#/definitions/retry"
              download_requester:
                url: "{{ download_target }}"
                error_handler: "#/definitions/retry"
              status_extractor: { type: DpathExtractor, field_path: [data, state] }
              status_mapping:
                type: AsyncJobStatusMap
                running: [QUEUED, PROCESSING, GENERATING]
                completed: [COMPLETED]
                failed: [FAILED]
                timeout: [CANCELLED]
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
              download_decoder: {{{decoder}}}
              {{{retrieverExtra}}}
        """;

    public const string DefaultBody = "{ reportType: \"{{ stream_partition.report_type }}\", startDate: \"" + StartDate + "\", endDate: \"" + EndDate + "\" }";

    public const string DefaultRouter = "{ type: ListPartitionRouter, cursor_field: report_type, values: \"{{ config['report_types'] }}\" }";

    public static string Config(Uri baseUrl, string apiKey, IReadOnlyList<string> reportTypes, int maxJobs) =>
        $$"""{"api_key":"{{apiKey}}","base_url":"{{baseUrl.ToString().TrimEnd('/')}}","max_jobs":{{maxJobs}},"report_types":[{{string.Join(",", reportTypes.Select(t => $"\"{t}\""))}}]}""";
}
