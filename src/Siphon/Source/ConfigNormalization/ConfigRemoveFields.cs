using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>ConfigRemoveFields</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ConfigRemoveFields
{
    public static readonly ComponentSpec Spec = new("ConfigRemoveFields", ComponentKind.ConfigTransformation,
        "Transformation that removes a field from the config.",
        [
            Field.Any("field_pointers", "A list of field pointers to be removed from the config.", required: true),
            Field.Template("condition", "Fields will be removed if expression is evaluated to True.") with { Default = "" }
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ConfigRemoveFields\nfield_pointers: []\n",
    };
}
