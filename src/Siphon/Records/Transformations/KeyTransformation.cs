using Siphon.Components;

namespace Siphon.Records.Transformations;

/// <summary>The reference's <c>KeyTransformation</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class KeyTransformationSpec
{
    public static readonly ComponentSpec Spec = new("KeyTransformation", ComponentKind.KeyTransformation,
        "Transformation to apply for extracted object keys by Dpath Flatten Fields",
        [
            Field.Template("prefix", "Prefix to add for object keys."),
            Field.Template("suffix", "Suffix to add for object keys.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: KeyTransformation\n",
    };
}
