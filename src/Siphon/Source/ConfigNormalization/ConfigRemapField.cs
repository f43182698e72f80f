using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>ConfigRemapField</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ConfigRemapField
{
    public static readonly ComponentSpec Spec = new("ConfigRemapField", ComponentKind.ConfigTransformation,
        "Transformation that remaps a field's value to another value based on a static map.",
        [
            Field.Any("map", "A mapping of original values to new values.", required: true),
            Field.Any("field_path", "The path to the field whose value should be remapped.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ConfigRemapField\nmap: x\nfield_path: []\n",
    };
}
