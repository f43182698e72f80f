using Siphon.Components;

namespace Siphon.Source.Dynamic;

/// <summary>The reference's <c>DynamicDeclarativeStream</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class DynamicDeclarativeStream
{
    public static readonly ComponentSpec Spec = new("DynamicDeclarativeStream", ComponentKind.DynamicStream,
        "A component that described how will be created declarative streams based on stream template.",
        [
            Field.Template("name", "The dynamic stream name.") with { Default = "" },
            Field.Any("stream_template", "Reference to the stream template.", required: true),
            Field.Any("components_resolver", "Component resolve and populates stream templates with components values.", required: true),
            Field.Boolean("use_parent_parameters", "Whether or not to prioritize parent parameters over component parameters when constructing dynamic streams.", true)
        ])
    {
        UnsupportedReason = "Siphon does not generate dynamic streams yet; the streams it would generate are reported unsupported and the connector's other streams run",
        Example = "type: DynamicDeclarativeStream\nstream_template: x\ncomponents_resolver: x\n",
    };
}
