using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>
/// Several error handlers tried in order, the first with a matching filter deciding. As in the reference, retry
/// limits come from the first handler and the backoff strategies of all handlers are tried in order.
/// </summary>
internal sealed class CompositeErrorHandler(IErrorHandler[] handlers) : IErrorHandler
{
    public static readonly ComponentSpec Spec = new("CompositeErrorHandler", ComponentKind.ErrorHandler,
        "Tries several error handlers in order; the first whose filter matches decides.",
        [Field.Components("error_handlers", ComponentKind.ErrorHandler, "The handlers, in order.", implied: "DefaultErrorHandler", required: true)])
    {
        Factory = (node, context) =>
        {
            var handlers = node.Children("error_handlers").Select(context.Build<IErrorHandler>).ToArray();
            if (handlers.Length == 0) throw new ComponentBuildException(node.Position, node.Path, "a CompositeErrorHandler needs at least one error handler");
            return new CompositeErrorHandler(handlers);
        },
        Example = """
            type: CompositeErrorHandler
            error_handlers:
              - type: DefaultErrorHandler
                response_filters: [{ http_codes: [403], action: RETRY }]
              - type: DefaultErrorHandler
                backoff_strategies: [{ type: ConstantBackoffStrategy, backoff_time_in_seconds: 10 }]
            """,
    };

    public TimeSpan MaxTime => handlers[0].MaxTime;

    public IReadOnlyList<IBackoffStrategy> BackoffStrategies { get; } = [.. handlers.SelectMany(h => h.BackoffStrategies)];

    public int MaxRetries(TemplateScope scope) => handlers[0].MaxRetries(scope);

    public async ValueTask<ErrorResolution?> InterpretAsync(AttemptOutcome outcome, TemplateScope scope, CancellationToken cancellationToken)
    {
        foreach (var handler in handlers)
            if (await handler.InterpretAsync(outcome, scope, cancellationToken).ConfigureAwait(false) is { } resolution)
                return resolution;
        return null;
    }
}
