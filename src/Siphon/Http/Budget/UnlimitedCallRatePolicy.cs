using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>The reference's <c>UnlimitedCallRatePolicy</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class UnlimitedCallRatePolicy
{
    public static readonly ComponentSpec Spec = new("UnlimitedCallRatePolicy", ComponentKind.CallRatePolicy,
        "A policy that allows unlimited calls for specific requests.",
        [
            Field.Components("matchers", ComponentKind.RequestMatcher, "List of matchers that define which requests this policy applies to.", required: true)
        ])
    {
        UnsupportedReason = "not applied yet. It exempts the requests it matches from the budget; without it those requests fall to the next policy, which can only slow them, never change records, so the connector runs (a warning says so)",
        Example = "type: UnlimitedCallRatePolicy\nmatchers: []\n",
    };
}
