namespace Siphon.Cli.Tests.Support;

/// <summary>
/// A manifest over the simulator's incremental list (<c>/api/items/offset</c>, <c>updated_after</c> inclusive): one stream,
/// <c>items</c>, primary key <c>id</c>, a DatetimeBasedCursor on <c>updated_at</c> from 2024-01-01 to 2024-03-01.
/// </summary>
public static class ItemsManifest
{
    /// <param name="cursorExtras">More cursor fields, one per line (step, cursor_granularity...).</param>
    public static string Yaml(params string[] cursorExtras) => $$$"""
        version: 6.5.0
        check: { stream_names: [items] }
        streams:
          - name: items
            primary_key: id
            schema_loader: { type: InlineSchemaLoader, schema: { type: object, properties: { id: { type: integer }, name: { type: string }, status: { type: string }, updated_at: { type: string, format: date-time } } } }
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated_at
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              start_datetime: "2024-01-01T00:00:00Z"
              end_datetime: "2024-03-01T00:00:00Z"
        {{{string.Concat(cursorExtras.Select(line => "      " + line + "\n"))}}}      start_time_option: { type: RequestOption, inject_into: request_parameter, field_name: updated_after }
              end_time_option: { type: RequestOption, inject_into: request_parameter, field_name: updated_before }
            retriever:
              type: SimpleRetriever
              requester:
                url: "{{ config['base_url'] }}/api/items/offset"
                authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
              paginator:
                type: DefaultPaginator
                pagination_strategy: { type: OffsetIncrement, page_size: 100 }
                page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: limit }
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: offset }
              record_selector: { extractor: { field_path: [items] } }
        """;
}
