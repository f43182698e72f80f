using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>ConfigComponentsResolver</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ConfigComponentsResolver
{
    public static readonly ComponentSpec Spec = new("ConfigComponentsResolver", ComponentKind.ComponentsResolver,
        "Resolves and populates stream templates with components fetched from the source config.",
        [
            Field.Any("stream_config", "Stream config.", required: true),
            Field.Components("components_mapping", ComponentKind.ComponentMapping, "Components mapping.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ConfigComponentsResolver\nstream_config: x\ncomponents_mapping: []\n",
    };
}
