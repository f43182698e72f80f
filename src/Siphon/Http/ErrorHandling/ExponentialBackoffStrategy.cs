using Siphon.Components;

namespace Siphon.Http.ErrorHandling;

/// <summary>Waits <c>factor × 2^attempts</c> seconds, attempts counting the requests made so far (10, 20, 40 s with the default factor 5).</summary>
internal sealed class ExponentialBackoffStrategy(NumberTemplate factor, NumberTemplate? jitter) : IBackoffStrategy
{
    public static readonly ComponentSpec Spec = new("ExponentialBackoffStrategy", ComponentKind.BackoffStrategy,
        "Waits exponentially longer before each retry: factor × 2^attempts seconds.",
        [
            Field.Template("factor", "Multiplier in seconds (a number or a template over config).") with { Default = 5L },
            Field.Template("jitter_range_in_seconds", "Up to this many random seconds added to each wait."),
        ])
    {
        Factory = (node, _) => new ExponentialBackoffStrategy(NumberTemplate.From(node, "factor")!, NumberTemplate.From(node, "jitter_range_in_seconds")),
        Example = "type: ExponentialBackoffStrategy\nfactor: 2\n",
    };

    public TimeSpan? Backoff(AttemptOutcome outcome, int attemptsMade, BackoffContext context) =>
        HeaderNumbers.Seconds(factor.Evaluate(context.Scope) * Math.Pow(2, attemptsMade) + context.NextJitter(jitter?.Evaluate(context.Scope) ?? 0));
}
