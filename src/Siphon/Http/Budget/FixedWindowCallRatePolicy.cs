using System.Xml;
using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>
/// <c>FixedWindowCallRatePolicy</c>: at most <c>call_limit</c> matching calls per window of <c>period</c>; the windows
/// follow one another from the run's first matching call, and a call that does not fit waits for the next window.
/// </summary>
internal sealed class FixedWindowCallRatePolicy(TimeSpan period, int callLimit, IReadOnlyList<HttpRequestRegexMatcher> matchers) : ICallRatePolicy
{
    public static readonly ComponentSpec Spec = new("FixedWindowCallRatePolicy", ComponentKind.CallRatePolicy,
        "A policy that allows a fixed number of calls within a specific time window.",
        [
            Field.String("period", "The time interval for the rate limit window (an ISO-8601 duration such as PT1M).", required: true),
            new FieldSpec("call_limit", FieldType.Integer, "The maximum number of calls allowed within the period.") { Required = true, Min = 0 },
            Field.Components("matchers", ComponentKind.RequestMatcher, "List of matchers that define which requests this policy applies to (every request when empty).", implied: "HttpRequestRegexMatcher", required: true),
        ])
    {
        Factory = (node, context) =>
        {
            TimeSpan period;
            try { period = XmlConvert.ToTimeSpan(node.Text("period")!); }
            catch (FormatException)
            {
                throw new ComponentBuildException(node.Position, node.FieldPath("period"), $"'{node.Text("period")}' is not an ISO-8601 duration such as PT1M");
            }
            if (period <= TimeSpan.Zero) throw new ComponentBuildException(node.Position, node.FieldPath("period"), "the period must be longer than zero");
            return new FixedWindowCallRatePolicy(period, (int)node.RequiredInteger("call_limit"),
                node.Children("matchers").Select(context.Build<HttpRequestRegexMatcher>).ToList());
        },
        Example = "type: FixedWindowCallRatePolicy\nperiod: PT1M\ncall_limit: 60\nmatchers: []\n",
    };

    public bool Matches(HttpRequestMessage request) => CallRateMatchers.Any(matchers, request);

    public ICallRateWindow Open(DateTimeOffset now) => new Window(period, callLimit, now + period);

    private sealed class Window(TimeSpan period, int callLimit, DateTimeOffset reset) : ICallRateWindow
    {
        private int _calls;

        public TimeSpan TryAcquire(DateTimeOffset now)
        {
            if (now >= reset)
            {
                reset += period * (Math.Floor((now - reset) / period) + 1);
                _calls = 0;
            }
            if (_calls >= callLimit) return reset - now;
            _calls++;
            return TimeSpan.Zero;
        }
    }
}
