using Siphon.Components;

namespace Siphon.Http.Auth;

/// <summary>The reference's <c>QuotaStatusSource</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class QuotaStatusSource
{
    public static readonly ComponentSpec Spec = new("QuotaStatusSource", ComponentKind.QuotaStatusSource,
        "Describes the endpoint from which a token's current rate limit quota status can be fetched.",
        [
            Field.Template("url", "The full URL of the quota status endpoint.", required: true),
            Field.Enum("http_method", "The HTTP method used to fetch the quota status.", ["GET", "POST"], "GET"),
            Field.Any("request_headers", "Additional headers to send with the quota status request."),
            Field.Any("unavailable_status_codes", "Status codes from the quota status endpoint that mean quota tracking is unavailable rather than broken, such as a self-hosted deployment with rate...")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: QuotaStatusSource\nurl: x\n",
    };
}
