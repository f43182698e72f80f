using Siphon.Components;

namespace Siphon.Http.Auth;

/// <summary>The reference's <c>TokenQuota</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class TokenQuota
{
    public static readonly ComponentSpec Spec = new("TokenQuota", ComponentKind.TokenQuota,
        "A named per-token quota pool with matchers that classify outgoing requests into the pool.",
        [
            Field.Template("name", "Name of the quota pool.", required: true),
            Field.Any("remaining_path", "Path to the remaining call count for this pool in the quota status response.", required: true),
            Field.Any("reset_path", "Path to the quota reset timestamp for this pool in the quota status response.", required: true),
            Field.Any("limit_path", "Optional path to the total call limit for this pool in the quota status response."),
            Field.Components("matchers", ComponentKind.RequestMatcher, "List of matchers that classify outgoing requests into this quota pool."),
            Field.Template("remaining_header", "Optional response header carrying the remaining call count for this pool."),
            Field.Template("reset_header", "Optional response header carrying the quota reset timestamp for this pool."),
            Field.Template("limit_header", "Optional response header carrying the total call limit for this pool, used to keep the proactive throttling reserve accurate as the limit changes."),
            Field.Any("exhaustion_status_codes", "Response status codes that mean this token's pool is spent.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: TokenQuota\nname: x\nremaining_path: []\nreset_path: []\n",
    };
}
