using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>A call-rate policy: the requests its matchers select may be sent at most at its rates.</summary>
internal sealed class MovingWindowCallRatePolicy(IReadOnlyList<Rate> rates, IReadOnlyList<HttpRequestRegexMatcher> matchers) : ICallRatePolicy
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

    public bool Matches(HttpRequestMessage request) => CallRateMatchers.Any(matchers, request);

    public ICallRateWindow Open(DateTimeOffset now) => new Window(rates);

    /// <summary>The times of the calls still inside each rate's interval.</summary>
    private sealed class Window(IReadOnlyList<Rate> rates) : ICallRateWindow
    {
        private readonly Queue<DateTimeOffset>[] _calls = rates.Select(_ => new Queue<DateTimeOffset>()).ToArray();

        public TimeSpan TryAcquire(DateTimeOffset now)
        {
            var wait = TimeSpan.Zero;
            for (var i = 0; i < rates.Count; i++)
            {
                var calls = _calls[i];
                while (calls.Count > 0 && calls.Peek() <= now - rates[i].Interval) calls.Dequeue();
                if (calls.Count >= rates[i].Limit) wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, (calls.Peek() + rates[i].Interval - now).Ticks));
            }
            if (wait > TimeSpan.Zero) return wait;
            foreach (var calls in _calls) calls.Enqueue(now);
            return TimeSpan.Zero;
        }
    }
}
