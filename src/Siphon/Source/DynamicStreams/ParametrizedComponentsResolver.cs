using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Source.DynamicStreams;

/// <summary><c>ParametrizedComponentsResolver</c>: one stream per object of parameters written in the manifest.</summary>
public sealed class ParametrizedComponentsResolver(IReadOnlyList<object?> parameters, IReadOnlyList<ComponentMappingDefinition> mappings) : IComponentsResolver
{
    public static readonly ComponentSpec Spec = new("ParametrizedComponentsResolver", ComponentKind.ComponentsResolver,
        "(This component is experimental. Use at your own risk.) Resolves and populates dynamic streams from defined parametrized values in manifest.",
        [
            Field.Component("stream_parameters", ComponentKind.StreamParameters, "The parameters of each stream.", implied: "StreamParametersDefinition", required: true),
            Field.Components("components_mapping", ComponentKind.ComponentMapping, "The mappings that write each object of parameters into the stream template.", implied: "ComponentMappingDefinition", required: true),
        ])
    {
        Factory = (node, context) => new ParametrizedComponentsResolver(
            context.Build<StreamParametersDefinition>(node.Child("stream_parameters")!).Parameters,
            node.Children("components_mapping").Select(context.Build<ComponentMappingDefinition>).ToList()),
        Example = """
            type: ParametrizedComponentsResolver
            stream_parameters:
              type: StreamParametersDefinition
              list_of_parameters_for_stream: [ { name: orders, path: orders }, { name: refunds, path: refunds } ]
            components_mapping:
              - field_path: [name]
                value: "{{ components_values['name'] }}"
            """,
    };

    public IReadOnlyList<ComponentMappingDefinition> Mappings => mappings;

    public IAsyncEnumerable<object?> ValuesAsync(IReadOnlyDictionary<string, object?> config, TemplateScope scope, RetrieverRecords read,
        CancellationToken cancellationToken) => parameters.Select(Templates.ResultTyping.Copy).ToAsyncEnumerable();
}

/// <summary><c>StreamParametersDefinition</c>: the objects of parameters, one per stream.</summary>
public sealed record StreamParametersDefinition(IReadOnlyList<object?> Parameters)
{
    public static readonly ComponentSpec Spec = new("StreamParametersDefinition", ComponentKind.StreamParameters,
        "(This component is experimental. Use at your own risk.) The parameters of the streams a ParametrizedComponentsResolver generates.",
        [
            Field.Any("list_of_parameters_for_stream", "A list of object of parameters for stream, each object in the list represents params for one stream.", required: true),
        ])
    {
        Factory = (node, _) => new StreamParametersDefinition(node.Value("list_of_parameters_for_stream")?.ToValue() as List<object?> ?? []),
        Example = "type: StreamParametersDefinition\nlist_of_parameters_for_stream: [ { name: orders } ]\n",
    };
}
