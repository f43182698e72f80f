using Siphon.Components;

namespace Siphon.Source;

/// <summary>The reference's <c>CheckDynamicStream</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class CheckDynamicStream
{
    public static readonly ComponentSpec Spec = new("CheckDynamicStream", ComponentKind.Check,
        "Defines the dynamic streams to try reading when running a check operation.",
        [
            Field.Any("stream_count", "Numbers of the streams to try reading from when running a check operation.", required: true),
            Field.Boolean("use_check_availability", "Enables stream check availability.", true),
            Field.Any("config_overrides", "Values overlaid onto the connector config for the duration of the check operation only.")
        ])
    {
        UnsupportedReason = "Siphon does not generate dynamic streams yet, so `check` reports this reason instead of running; spec, discover and read are unaffected",
        Example = "type: CheckDynamicStream\nstream_count: 1\n",
    };
}
