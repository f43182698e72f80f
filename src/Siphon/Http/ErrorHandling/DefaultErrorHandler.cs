using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>Response filters in order (first match wins), how often and how long to retry, and how long to wait.</summary>
internal sealed class DefaultErrorHandler : IErrorHandler
{
    public static readonly ComponentSpec Spec = new("DefaultErrorHandler", ComponentKind.ErrorHandler,
        "Decides per response whether to succeed, fail, retry or ignore, and how to back off between retries.",
        [
            Field.Components("response_filters", ComponentKind.ResponseFilter, "Filters tried in order; the first match decides.", implied: "HttpResponseFilter"),
            Field.Template("max_retries", "Retries after the first attempt (a number or a template over config).") with { Default = 5L },
            Field.Integer("max_time", "Seconds all attempts of one request may take, waits included.", 600),
            Field.Components("backoff_strategies", ComponentKind.BackoffStrategy, "Wait strategies, the first giving a wait wins; without any, waits double from 1 s and Retry-After is obeyed."),
        ])
    {
        Factory = (node, context) => new DefaultErrorHandler(
            [.. node.Children("response_filters").Select(context.Build<HttpResponseFilter>)],
            NumberTemplate.From(node, "max_retries")!,
            TimeSpan.FromSeconds(node.Integer("max_time")!.Value),
            [.. node.Children("backoff_strategies").Select(context.Build<IBackoffStrategy>)],
            node.ParameterValues()),
        Example = """
            type: DefaultErrorHandler
            max_retries: 3
            response_filters:
              - http_codes: [404]
                action: IGNORE
              - error_message_contains: "quota exceeded"
                action: RATE_LIMITED
            backoff_strategies:
              - type: WaitTimeFromHeader
                header: Retry-After
            """,
    };

    private readonly HttpResponseFilter[] _filters;
    private readonly NumberTemplate _maxRetries;
    private readonly Dictionary<string, object?> _parameters;

    public DefaultErrorHandler(HttpResponseFilter[] filters, NumberTemplate maxRetries, TimeSpan maxTime, IBackoffStrategy[] backoff, Dictionary<string, object?> parameters)
    {
        _filters = filters;
        _maxRetries = maxRetries;
        MaxTime = maxTime;
        BackoffStrategies = backoff;
        _parameters = parameters;
    }

    /// <summary>The handler a requester without <c>error_handler</c> uses: the default mapping and the spec's defaults.</summary>
    public static DefaultErrorHandler Standard { get; } = new([], NumberTemplate.Default(Spec, "max_retries"),
        TimeSpan.FromSeconds(Convert.ToDouble(Spec.FindField("max_time")!.Default, System.Globalization.CultureInfo.InvariantCulture)), [], Values.JsonValues.NewObject());

    public TimeSpan MaxTime { get; }

    public IReadOnlyList<IBackoffStrategy> BackoffStrategies { get; }

    public int MaxRetries(TemplateScope scope) => (int)Math.Max(0, _maxRetries.Evaluate(scope.With("parameters", _parameters)));

    public async ValueTask<ErrorResolution?> InterpretAsync(AttemptOutcome outcome, TemplateScope scope, CancellationToken cancellationToken)
    {
        foreach (var filter in _filters)
            if (await filter.MatchAsync(outcome, scope, cancellationToken).ConfigureAwait(false) is { } resolution)
                return resolution;
        return null;
    }
}
