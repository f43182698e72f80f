using Siphon.Components;

namespace Siphon.Source;

/// <summary>The reference's <c>ConditionalStreams</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ConditionalStreams
{
    public static readonly ComponentSpec Spec = new("ConditionalStreams", ComponentKind.Stream,
        "Streams that are only available while performing a connector operation when the condition is met.",
        [
            Field.Template("condition", "Condition that will be evaluated to determine if a set of streams should be available.", required: true),
            Field.Components("streams", ComponentKind.Stream, "Streams that will be used during an operation based on the condition.", required: true)
        ])
    {
        UnsupportedReason = "Siphon does not evaluate the condition yet; the streams inside are reported unsupported and the others run",
        Example = "type: ConditionalStreams\nstreams: []\ncondition: x\n",
    };
}
