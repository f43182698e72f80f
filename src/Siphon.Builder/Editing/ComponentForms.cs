namespace Siphon.Builder.Editing;

/// <summary>The components the stream editors show as forms rather than YAML boxes, and the fields each shows.</summary>
public static class ComponentForms
{
    /// <summary><c>retriever.polling</c>: the descriptions and defaults are the registry's.</summary>
    public static ComponentForm PollingPolicy { get; } = new("AsyncPollingPolicy",
    [
        new("Initial Interval", ["initial_interval"], FormFieldKind.Text),
        new("Max Interval", ["max_interval"], FormFieldKind.Text),
        new("Multiplier", ["multiplier"], FormFieldKind.Number),
    ]) { TypeImplied = true };

    /// <summary>The stream's <c>incremental_sync</c>.</summary>
    public static ComponentForm IncrementalSync { get; } = new("DatetimeBasedCursor",
    [
        new("Cursor Field", ["cursor_field"], FormFieldKind.Template, "The record field holding the cursor datetime"),
        new("Datetime Format", ["datetime_format"], FormFieldKind.Text, "How cursor values and state are written, e.g. %Y-%m-%dT%H:%M:%SZ or %s", "%Y-%m-%dT%H:%M:%SZ"),
        new("Cursor Datetime Formats", ["cursor_datetime_formats"], FormFieldKind.List, "Other formats records may use, separated by commas (optional)"),
        new("Start Datetime", ["start_datetime"], FormFieldKind.Template, "Where the first read starts", "{{ config['start_date'] }}"),
        new("End Datetime", ["end_datetime"], FormFieldKind.Template, Placeholder: "{{ now_utc().strftime('%Y-%m-%dT%H:%M:%SZ') }}"),
        new("Step", ["step"], FormFieldKind.Text, Placeholder: "P30D"),
        new("Cursor Granularity", ["cursor_granularity"], FormFieldKind.Text, "Smallest cursor increment, e.g. PT1S (required with a step)", "PT1S"),
        new("Lookback Window", ["lookback_window"], FormFieldKind.Text, "How far before the state a resumed read starts again (optional)", "P1D"),
        new("Client-side incremental", ["is_client_side_incremental"], FormFieldKind.Flag, "The API cannot filter by date: records outside the window are dropped"),
        .. Option("Start Time Option", "start_time_option"),
        .. Option("End Time Option", "end_time_option"),
    ]);

    /// <summary>The retriever's <c>partition_router</c>.</summary>
    public static ComponentForm Partitioning { get; } = new("ListPartitionRouter",
    [
        new("Partition Values", ["values"], FormFieldKind.List, "Values separated by commas, or a template giving a list ({{ config['accounts'] }})"),
        new("Partition Cursor Field", ["cursor_field"], FormFieldKind.Text, "The name each value has in stream_partition"),
        .. Option("Partition Request Option", "request_option"),
    ]);

    /// <summary>The retriever's <c>paginator</c> (or an async stream's <c>download_paginator</c>).</summary>
    public static ComponentForm Paginator { get; } = new("DefaultPaginator",
    [
        new("Pagination Strategy", ["pagination_strategy", "type"], FormFieldKind.Choice, "Page numbers, record offsets, or a cursor read from each response")
            { Options = ["PageIncrement", "OffsetIncrement", "CursorPagination"] },
        new("Page Size", ["pagination_strategy", "page_size"], FormFieldKind.Number, "Records per page; a shorter page is the last (a cursor stops on its condition)"),
        new("Start From Page", ["pagination_strategy", "start_from_page"], FormFieldKind.Number) { OnlyFor = ["PageIncrement"] },
        new("Inject On First Request", ["pagination_strategy", "inject_on_first_request"], FormFieldKind.Flag, "Send the first page's number or offset on the first request too")
            { OnlyFor = ["PageIncrement", "OffsetIncrement"] },
        new("Cursor Value", ["pagination_strategy", "cursor_value"], FormFieldKind.Template, "The next page's token", "{{ response.next }}")
            { OnlyFor = ["CursorPagination"], Step = TemplateStep.Pagination },
        new("Stop Condition", ["pagination_strategy", "stop_condition"], FormFieldKind.Template, "Stop when this holds", "{{ not response.next }}")
            { OnlyFor = ["CursorPagination"], Step = TemplateStep.Pagination },
        .. Option("Page Token Option", "page_token_option"),
        .. Option("Page Size Option", "page_size_option"),
    ]);

    /// <summary>A request option as two fields: where it goes and under which name.</summary>
    private static FormField[] Option(string label, string key) =>
    [
        new($"{label}: inject into", [key, "inject_into"], FormFieldKind.InjectInto) { ParentType = "RequestOption" },
        new($"{label}: field name", [key, "field_name"], FormFieldKind.Text) { ParentType = "RequestOption" },
    ];
}
