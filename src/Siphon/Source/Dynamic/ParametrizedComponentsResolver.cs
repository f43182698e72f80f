using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>ParametrizedComponentsResolver</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ParametrizedComponentsResolver
{
    public static readonly ComponentSpec Spec = new("ParametrizedComponentsResolver", ComponentKind.ComponentsResolver,
        "Resolves and populates dynamic streams from defined parametrized values in manifest.",
        [
            Field.Component("stream_parameters", ComponentKind.StreamParameters, "Stream parameters.", required: true),
            Field.Components("components_mapping", ComponentKind.ComponentMapping, "Components mapping.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ParametrizedComponentsResolver\nstream_parameters: { type: StreamParametersDefinition }\ncomponents_mapping: []\n",
    };
}
