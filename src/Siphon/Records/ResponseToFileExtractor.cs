using Siphon.Components;

namespace Siphon.Records;

/// <summary>The reference's <c>ResponseToFileExtractor</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ResponseToFileExtractor
{
    public static readonly ComponentSpec Spec = new("ResponseToFileExtractor", ComponentKind.Extractor,
        "A record extractor designed for handling large responses that may exceed memory limits (to prevent OOM issues).",
        [
            Field.Boolean("preserve_na_values", "When enabled, string values such as \"NA\", \"N/A\", \"NULL\", \"None\" and \"NaN\" are kept as-is instead of being interpreted as missing and converted to...", false)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ResponseToFileExtractor\n",
    };
}
