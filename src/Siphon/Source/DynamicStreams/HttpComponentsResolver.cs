using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Source.DynamicStreams;

/// <summary><c>HttpComponentsResolver</c>: one stream per record its retriever reads (a sheet, a table, an object type).</summary>
public sealed class HttpComponentsResolver(object retriever, IReadOnlyList<ComponentMappingDefinition> mappings) : IComponentsResolver
{
    public static readonly ComponentSpec Spec = new("HttpComponentsResolver", ComponentKind.ComponentsResolver,
        "(This component is experimental. Use at your own risk.) Component resolve and populates stream templates with components fetched via an HTTP retriever.",
        [
            Field.Component("retriever", ComponentKind.Retriever, "Component used to coordinate how records are extracted across stream slices and request pages.", implied: "SimpleRetriever", required: true),
            Field.Components("components_mapping", ComponentKind.ComponentMapping, "The mappings that write each record into the stream template.", implied: "ComponentMappingDefinition", required: true),
        ])
    {
        Factory = (node, context) => new HttpComponentsResolver(context.Build<object>(node.Child("retriever")!),
            node.Children("components_mapping").Select(context.Build<ComponentMappingDefinition>).ToList()),
        Example = """
            type: HttpComponentsResolver
            retriever:
              requester: { url: "https://api.example.com/sheets" }
              record_selector: { extractor: { field_path: [sheets] } }
            components_mapping:
              - field_path: [name]
                value: "{{ components_values['title'] }}"
            """,
    };

    public IReadOnlyList<ComponentMappingDefinition> Mappings => mappings;

    public async IAsyncEnumerable<object?> ValuesAsync(IReadOnlyDictionary<string, object?> config, TemplateScope scope, RetrieverRecords read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in read(retriever, cancellationToken).ConfigureAwait(false)) yield return record;
    }
}
