using Siphon.Components;

namespace Siphon.Http.ErrorHandling;

/// <summary>Waits the same time before every retry (plus optional jitter).</summary>
internal sealed class ConstantBackoffStrategy(NumberTemplate seconds, NumberTemplate? jitter) : IBackoffStrategy
{
    public static readonly ComponentSpec Spec = new("ConstantBackoffStrategy", ComponentKind.BackoffStrategy,
        "Waits a constant time before each retry.",
        [
            Field.Template("backoff_time_in_seconds", "Seconds to wait (a number or a template over config).", required: true),
            Field.Template("jitter_range_in_seconds", "Up to this many random seconds added to each wait."),
        ])
    {
        Factory = (node, _) => new ConstantBackoffStrategy(NumberTemplate.From(node, "backoff_time_in_seconds")!, NumberTemplate.From(node, "jitter_range_in_seconds")),
        Example = "type: ConstantBackoffStrategy\nbackoff_time_in_seconds: 30\n",
    };

    public TimeSpan? Backoff(AttemptOutcome outcome, int attemptsMade, BackoffContext context) =>
        HeaderNumbers.Seconds(seconds.Evaluate(context.Scope) + context.NextJitter(jitter?.Evaluate(context.Scope) ?? 0));
}
