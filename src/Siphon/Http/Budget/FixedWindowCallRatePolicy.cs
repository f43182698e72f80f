using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>The reference's <c>FixedWindowCallRatePolicy</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class FixedWindowCallRatePolicy
{
    public static readonly ComponentSpec Spec = new("FixedWindowCallRatePolicy", ComponentKind.CallRatePolicy,
        "A policy that allows a fixed number of calls within a specific time window.",
        [
            Field.Template("period", "The time interval for the rate limit window.", required: true),
            Field.Any("call_limit", "The maximum number of calls allowed within the period.", required: true),
            Field.Components("matchers", ComponentKind.RequestMatcher, "List of matchers that define which requests this policy applies to.", required: true)
        ])
    {
        UnsupportedReason = "not enforced yet. A call-rate policy only paces requests and never changes records, so the connector runs without it (a warning says so) and the error handler still retries the API's rate-limit responses",
        Example = "type: FixedWindowCallRatePolicy\nperiod: x\ncall_limit: 1\nmatchers: []\n",
    };
}
