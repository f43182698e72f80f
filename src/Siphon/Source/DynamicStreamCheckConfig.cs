using Siphon.Components;

namespace Siphon.Source;

/// <summary>The reference's <c>DynamicStreamCheckConfig</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class DynamicStreamCheckConfig
{
    public static readonly ComponentSpec Spec = new("DynamicStreamCheckConfig", ComponentKind.DynamicStreamCheck,
        "Configures DynamicStreamCheckConfig.",
        [
            Field.Template("dynamic_stream_name", "The dynamic stream name.", required: true),
            Field.Any("stream_count", "The number of streams to attempt reading from during a check operation.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: DynamicStreamCheckConfig\ndynamic_stream_name: x\n",
    };
}
