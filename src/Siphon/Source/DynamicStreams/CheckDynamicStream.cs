using Siphon.Components;

namespace Siphon.Source.DynamicStreams;

/// <summary><c>CheckDynamicStream</c>: `check` reads from the first <c>stream_count</c> streams, generated ones included.</summary>
internal static class CheckDynamicStream
{
    public static readonly ComponentSpec Spec = new("CheckDynamicStream", ComponentKind.Check,
        "Checks the connections by trying to read records from one or many of the streams selected by the developer, counting the generated dynamic streams.",
        [
            new FieldSpec("stream_count", FieldType.Integer, "Numbers of the streams to try reading from when running a check operation.") { Required = true, Min = 1 },
            Field.Boolean("use_check_availability", "Enables stream check availability. This field is automatically set by the CDK.", @default: true),
            Field.Any("config_overrides", "Values overlaid onto the connector config for the duration of the check operation only."),
        ])
    {
        Factory = (node, _) => new CheckDefinition([])
        {
            StreamCount = (int)node.RequiredInteger("stream_count"),
            ConfigOverrides = node.Value("config_overrides")?.ToValue() as Dictionary<string, object?>,
        },
        Example = "type: CheckDynamicStream\nstream_count: 1\n",
    };
}
