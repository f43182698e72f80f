using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>A call-rate policy: the requests its matchers select may be sent at most at its rates.</summary>
internal sealed class MovingWindowCallRatePolicy(IReadOnlyList<Rate> rates, IReadOnlyList<HttpRequestRegexMatcher> matchers)
{
    public static readonly ComponentSpec Spec = new("MovingWindowCallRatePolicy", ComponentKind.CallRatePolicy,
        "Limits the matching requests to the given rates over a moving window (a request waits until it fits).",
        [
            Field.Components("rates", ComponentKind.Rate, "The rates; every one must allow the call.", implied: "Rate", required: true),
            Field.Components("matchers", ComponentKind.RequestMatcher, "The requests this policy counts (every request when empty).", implied: "HttpRequestRegexMatcher", required: true),
        ])
    {
        Factory = (node, context) => new MovingWindowCallRatePolicy(
            node.Children("rates").Select(context.Build<Rate>).ToList(),
            node.Children("matchers").Select(context.Build<HttpRequestRegexMatcher>).ToList()),
        Example = "type: MovingWindowCallRatePolicy\nrates: [ { limit: 1, interval: PT2S } ]\nmatchers: [ { method: GET, url_path_pattern: orders } ]\n",
    };

    public IReadOnlyList<Rate> Rates { get; } = rates;

    public bool Matches(HttpRequestMessage request) => matchers.Count == 0 || matchers.Any(m => m.Matches(request));
}
