using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>StreamConfig</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class StreamConfig
{
    public static readonly ComponentSpec Spec = new("StreamConfig", ComponentKind.StreamConfig,
        "Describes how to get streams config from the source config.",
        [
            Field.Any("configs_pointer", "A list of potentially nested fields indicating the full path in source config file where streams configs located.", required: true),
            Field.Any("default_values", "A list of default values, each matching the structure expected from the parsed component value.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: StreamConfig\nconfigs_pointer: []\n",
    };
}
