using Siphon.Components;

namespace Siphon.Source;

/// <summary>The reference's <c>StateDelegatingStream</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class StateDelegatingStream
{
    public static readonly ComponentSpec Spec = new("StateDelegatingStream", ComponentKind.Stream,
        "Orchestrate the retriever's usage based on the state value.",
        [
            Field.Template("name", "The stream name.", required: true) with { Default = "" },
            Field.Component("full_refresh_stream", ComponentKind.Stream, "Component used to coordinate how records are extracted across stream slices and request pages when the state is empty or not provided.", required: true),
            Field.Component("incremental_stream", ComponentKind.Stream, "Component used to coordinate how records are extracted across stream slices and request pages when the state provided.", required: true),
            Field.Template("api_retention_period", "The data retention period of the incremental API (ISO8601 duration).")
        ])
    {
        UnsupportedReason = "Siphon does not run it yet; this stream is reported unsupported and the others run",
        Example = "type: StateDelegatingStream\nname: x\nfull_refresh_stream: { type: DeclarativeStream }\nincremental_stream: { type: DeclarativeStream }\n",
    };
}
