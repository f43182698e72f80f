using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>StreamParametersDefinition</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class StreamParametersDefinition
{
    public static readonly ComponentSpec Spec = new("StreamParametersDefinition", ComponentKind.StreamParameters,
        "Represents a stream parameters definition to set up dynamic streams from defined values in manifest.",
        [
            Field.Any("list_of_parameters_for_stream", "A list of object of parameters for stream, each object in the list represents params for one stream.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: StreamParametersDefinition\nlist_of_parameters_for_stream: []\n",
    };
}
