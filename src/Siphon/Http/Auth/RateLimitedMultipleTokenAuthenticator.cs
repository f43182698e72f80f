using Siphon.Components;

namespace Siphon.Http.Auth;

/// <summary>The reference's <c>RateLimitedMultipleTokenAuthenticator</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class RateLimitedMultipleTokenAuthenticator
{
    public static readonly ComponentSpec Spec = new("RateLimitedMultipleTokenAuthenticator", ComponentKind.Authenticator,
        "Authenticator that rotates between multiple interchangeable tokens, tracking each token's remaining call quota.",
        [
            Field.Any("tokens", "The tokens to rotate between.", required: true),
            Field.Template("token_delimiter", "Delimiter used to split a single token string into multiple tokens.") with { Default = "," },
            Field.Template("auth_method", "The prefix to prepend to the token in the auth header value (e.g.") with { Default = "Bearer" },
            Field.Template("header", "The name of the HTTP header in which to inject the token.") with { Default = "Authorization" },
            Field.Component("quota_status_source", ComponentKind.QuotaStatusSource, "Defines where to fetch each token's current quota status.", required: true),
            Field.Components("quotas", ComponentKind.TokenQuota, "Quota pools tracked per token.", required: true),
            Field.Template("max_wait_time", "ISO 8601 duration.") with { Default = "PT2H" },
            new FieldSpec("budget_reserve_fraction", FieldType.Number, "Fraction of each token's quota to keep in reserve.") { Default = 0.1 },
            Field.Integer("budget_min_reserve", "Minimum number of calls to keep in reserve per token before proactive throttling kicks in.", 50)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: RateLimitedMultipleTokenAuthenticator\ntokens: x\nquota_status_source: { type: QuotaStatusSource }\nquotas: []\n",
    };
}
