using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>
/// <c>UnlimitedCallRatePolicy</c>: the requests it matches are never held; listed before a limiting policy, it exempts
/// them from it (the first matching policy counts a request).
/// </summary>
internal sealed class UnlimitedCallRatePolicy(IReadOnlyList<HttpRequestRegexMatcher> matchers) : ICallRatePolicy, ICallRateWindow
{
    public static readonly ComponentSpec Spec = new("UnlimitedCallRatePolicy", ComponentKind.CallRatePolicy,
        "A policy that allows unlimited calls for specific requests.",
        [
            Field.Components("matchers", ComponentKind.RequestMatcher, "List of matchers that define which requests this policy applies to (every request when empty).", implied: "HttpRequestRegexMatcher", required: true),
        ])
    {
        Factory = (node, context) => new UnlimitedCallRatePolicy(node.Children("matchers").Select(context.Build<HttpRequestRegexMatcher>).ToList()),
        Example = "type: UnlimitedCallRatePolicy\nmatchers: [ { url_path_pattern: \"/health\" } ]\n",
    };

    public bool Matches(HttpRequestMessage request) => CallRateMatchers.Any(matchers, request);

    public ICallRateWindow Open(DateTimeOffset now) => this;

    public TimeSpan TryAcquire(DateTimeOffset now) => TimeSpan.Zero;
}
