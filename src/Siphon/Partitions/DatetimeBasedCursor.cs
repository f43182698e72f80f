using Siphon.Components;
using Siphon.Http;
using Siphon.Manifest;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// <c>DatetimeBasedCursor</c>: reads each partition in datetime windows from <c>start_datetime</c> (or the partition's
/// state) to <c>end_datetime</c> (default now), <c>step</c> long, the end of one window <c>cursor_granularity</c> before the
/// start of the next, the last one ending at the end. As the reference's concurrent cursor does, the state is the newest
/// cursor value read in the partition's first run of read windows (or where that run started when it held no record),
/// written with <c>datetime_format</c>; a resumed read starts at the state itself (or <c>lookback_window</c> before it).
/// State is <c>{cursor_field: value}</c>, or per partition the reference's shape (see <see cref="PerPartitionState"/>).
/// </summary>
internal sealed class DatetimeBasedCursor : StreamCursor
{
    private const string CodeDefault = "The reference's schema gives no default; its code uses this one, as Siphon does.";

    public static readonly ComponentSpec Spec = new("DatetimeBasedCursor", ComponentKind.Cursor,
        "Incremental sync on a datetime field, in windows; state is the newest cursor value read.",
        [
            Field.Template("cursor_field", "The record field holding the cursor datetime.", required: true),
            Field.String("datetime_format", "How cursor values, windows and state are written (strftime, or %s, %ms, %s_as_float, %_ms...).", required: true),
            new FieldSpec("cursor_datetime_formats", FieldType.StringList, "Formats record cursor values and state may be written in (datetime_format is tried last)."),
            Field.Component("start_datetime", ComponentKind.MinMaxDatetime, "Where the first read starts.", implied: "MinMaxDatetime", required: true) with { AcceptsTemplate = true },
            Field.Component("end_datetime", ComponentKind.MinMaxDatetime, "Where reads end (now when absent).", implied: "MinMaxDatetime") with { AcceptsTemplate = true },
            Field.Template("step", "Window length (ISO-8601 duration such as P30D); one window when absent."),
            Field.Template("cursor_granularity", "Smallest cursor increment (PT1S, P1D); required with step."),
            Field.Template("lookback_window", "How far before the state a resumed read starts again (ISO-8601 duration)."),
            Field.Component("start_time_option", ComponentKind.RequestOption, "Where a window's start goes in the request.", implied: "RequestOption"),
            Field.Component("end_time_option", ComponentKind.RequestOption, "Where a window's end goes in the request.", implied: "RequestOption"),
            Field.String("partition_field_start", "Name of the window start in stream_interval.") with { Default = "start_time", ReferenceDifference = CodeDefault },
            Field.String("partition_field_end", "Name of the window end in stream_interval.") with { Default = "end_time", ReferenceDifference = CodeDefault },
            Field.Boolean("is_data_feed", "Records come newest first without a date filter: stop paginating at the first record older than the state."),
            Field.Boolean("is_client_side_incremental", "The API cannot filter by date: records outside the window are dropped."),
            Field.Boolean("is_compare_strictly", "Accepted for compatibility (windows never overlap in Siphon)."),
            Field.Boolean("global_substream_cursor", "One state for all partitions, written when the whole read completed."),
            Field.Any("clamping", "Align windows to calendar periods: {target: DAY|WEEK|MONTH}."),
            Field.String("message_repository", "Ignored."),
            Field.NotRun("allow_catalog_defined_cursor_field", "Whether the catalog may choose another cursor field than cursor_field.",
                "the cursor field a catalog chooses is not honoured yet", false),
        ])
    {
        Factory = (node, context) => new DatetimeBasedCursor(node, context),
        Example = """
            type: DatetimeBasedCursor
            cursor_field: updated_at
            datetime_format: "%Y-%m-%dT%H:%M:%SZ"
            start_datetime: "{{ config['start_date'] }}"
            step: P30D
            cursor_granularity: PT1S
            start_time_option: { type: RequestOption, inject_into: request_parameter, field_name: since }
            """,
    };

    private readonly Template _cursorField;
    private readonly Template? _step;
    private readonly Template? _granularity;
    private readonly Template? _lookback;
    private readonly MinMaxDatetime _start;
    private readonly MinMaxDatetime? _end;
    private readonly IRequestInjection? _startOption;
    private readonly IRequestInjection? _endOption;
    private readonly Dictionary<string, object?> _parameters;

    private DatetimeBasedCursor(ComponentNode node, BuildContext context)
    {
        Template? Compile(string field) => node.Text(field) is { Length: > 0 } text ? Template.Compile(text, node.FieldPath(field)) : null;
        _cursorField = Compile("cursor_field")!;
        DatetimeFormat = node.Text("datetime_format")!;
        var formats = (node.Value("cursor_datetime_formats") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text).ToList() ?? [];
        formats.Add(DatetimeFormat);
        ParseFormats = formats;
        _start = MinMaxDatetime.Of(node, "start_datetime", context)!;
        _end = MinMaxDatetime.Of(node, "end_datetime", context);
        _step = Compile("step");
        _granularity = Compile("cursor_granularity");
        _lookback = Compile("lookback_window");
        _startOption = context.BuildOptional<IRequestInjection>(node.Child("start_time_option"));
        _endOption = context.BuildOptional<IRequestInjection>(node.Child("end_time_option"));
        StartField = node.Text("partition_field_start")!;
        EndField = node.Text("partition_field_end")!;
        IsDataFeed = node.Boolean("is_data_feed");
        IsClientSide = node.Boolean("is_client_side_incremental");
        IsGlobal = node.Boolean("global_substream_cursor");
        Clamping = (node.Value("clamping")?.ToValue() as Dictionary<string, object?>)?.GetValueOrDefault("target") as string;
        if (Clamping is not null && Clamping is not ("DAY" or "WEEK" or "MONTH"))
            throw new ComponentBuildException(node.Position, node.Path, $"clamping target '{Clamping}' is not one of DAY, WEEK, MONTH");
        _parameters = node.ParameterValues();
    }

    public string DatetimeFormat { get; }
    public IReadOnlyList<string> ParseFormats { get; }
    public string StartField { get; }
    public string EndField { get; }
    public bool IsDataFeed { get; }
    public bool IsClientSide { get; }
    public bool IsGlobal { get; }
    public string? Clamping { get; }

    internal override CursorRun Begin(StreamStateStore state, TemplateScope scope, CursorResume resume)
    {
        scope = scope.With("parameters", _parameters);
        var now = PyDates.TruncateToMicroseconds(scope.Time.GetUtcNow());
        var end = _end?.Evaluate(scope, DatetimeFormat) ?? now;
        var settings = new DatetimeWindowSettings(
            CursorValues.Text(_cursorField.Evaluate(scope)),
            _start.Evaluate(scope, DatetimeFormat),
            end,
            CursorValues.Duration(_step?.Render(scope)),
            CursorValues.Duration(_granularity?.Render(scope)),
            CursorValues.Duration(_lookback?.Render(scope)));
        if (settings.Step is not null && !CursorValues.IsPositive(settings.Step))
            throw new TemplateEvaluationException("step must be a positive duration", _step!.Source, _step.Field);
        return new DatetimeCursorRun(this, settings, state, scope.Time, resume);
    }

    internal string Format(DateTimeOffset value) => CdkDatetimeFormat.Format(value, DatetimeFormat);

    internal DateTimeOffset? Parse(object? value) => CursorValues.TryParse(value, ParseFormats);

    internal void AddRequestOptions(StreamSlice slice, List<InjectedOption> options)
    {
        if (IsClientSide) return;
        if (_startOption is not null && slice.CursorSlice.TryGetValue(StartField, out var start)) options.Add(new InjectedOption(_startOption, start));
        if (_endOption is not null && slice.CursorSlice.TryGetValue(EndField, out var end)) options.Add(new InjectedOption(_endOption, end));
    }

    /// <summary>Aligns a window bound to the start of its day, ISO week or month.</summary>
    internal DateTimeOffset ClampStart(DateTimeOffset value) => Clamping switch
    {
        "DAY" => new DateTimeOffset(value.Date, value.Offset),
        "WEEK" => new DateTimeOffset(value.Date.AddDays(-(((int)value.DayOfWeek + 6) % 7)), value.Offset),
        "MONTH" => new DateTimeOffset(value.Year, value.Month, 1, 0, 0, 0, value.Offset),
        _ => value,
    };
}

/// <summary>The values a cursor's templates evaluated to at the start of a read.</summary>
internal sealed record DatetimeWindowSettings(string CursorField, DateTimeOffset Start, DateTimeOffset End, object? Step, object? Granularity, object? Lookback);
