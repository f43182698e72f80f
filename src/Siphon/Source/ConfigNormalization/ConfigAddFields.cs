using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>ConfigAddFields</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ConfigAddFields
{
    public static readonly ComponentSpec Spec = new("ConfigAddFields", ComponentKind.ConfigTransformation,
        "Transformation that adds fields to a config.",
        [
            Field.Any("fields", "A list of transformations (path and corresponding value) that will be added to the config.", required: true),
            Field.Template("condition", "Fields will be added if expression is evaluated to True.") with { Default = "" }
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ConfigAddFields\nfields: []\n",
    };
}
