using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>HttpComponentsResolver</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class HttpComponentsResolver
{
    public static readonly ComponentSpec Spec = new("HttpComponentsResolver", ComponentKind.ComponentsResolver,
        "Component resolve and populates stream templates with components fetched via an HTTP retriever.",
        [
            Field.Any("retriever", "Component used to coordinate how records are extracted across stream slices and request pages.", required: true),
            Field.Components("components_mapping", ComponentKind.ComponentMapping, "Components mapping.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: HttpComponentsResolver\nretriever: x\ncomponents_mapping: []\n",
    };
}
