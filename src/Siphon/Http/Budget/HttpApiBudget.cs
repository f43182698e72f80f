using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>
/// <c>HTTPAPIBudget</c>: the API's call-rate policies. Each request is counted by the first policy whose matchers select
/// it and waits (on the run's clock) until every rate of that policy allows it; other requests pass freely.
/// </summary>
public sealed class HttpApiBudget
{
    internal HttpApiBudget(IReadOnlyList<ICallRatePolicy> policies) => Policies = policies;

    public static readonly ComponentSpec Spec = new("HTTPAPIBudget", ComponentKind.ApiBudget,
        "Call-rate limits of the API, applied to every request of a run before it is sent. A policy Siphon does not enforce yet is left out with a warning, not failing any stream: policies pace requests and never change records, and the error handler still retries the API's rate-limit responses.",
        [
            Field.Components("policies", ComponentKind.CallRatePolicy, "The policies; the first one matching a request counts it.", required: true),
            Field.Any("status_codes_for_ratelimit_hit", "Statuses meaning the limit was hit (the error handler retries them).") with { Default = new object?[] { 429L } },
            Field.String("ratelimit_reset_header", "Header telling when the limit resets (informational).") with { Default = "ratelimit-reset" },
            Field.String("ratelimit_remaining_header", "Header telling how many calls remain (informational).") with { Default = "ratelimit-remaining" },
        ])
    {
        Factory = (node, context) => new HttpApiBudget(node.Children("policies").Select(context.Build<ICallRatePolicy>).ToList()),
        Example = "type: HTTPAPIBudget\npolicies:\n  - type: MovingWindowCallRatePolicy\n    rates: [ { limit: 5, interval: PT1S } ]\n    matchers: []\n",
    };

    internal IReadOnlyList<ICallRatePolicy> Policies { get; }
}

/// <summary>Holds each request until its policy has room; the policies' counts are this run's state.</summary>
internal sealed class ApiBudgetHandler(HttpApiBudget budget, TimeProvider time, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly Dictionary<ICallRatePolicy, ICallRateWindow> _windows = new(ReferenceEqualityComparer.Instance);
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (budget.Policies.FirstOrDefault(p => p.Matches(request)) is { } policy) await AcquireAsync(policy, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task AcquireAsync(ICallRatePolicy policy, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var now = time.GetUtcNow();
                if (!_windows.TryGetValue(policy, out var window)) _windows[policy] = window = policy.Open(now);
                wait = window.TryAcquire(now);
            }
            finally
            {
                _gate.Release();
            }
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
