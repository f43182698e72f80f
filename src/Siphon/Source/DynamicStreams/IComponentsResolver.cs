using Siphon.Templates;

namespace Siphon.Source.DynamicStreams;

/// <summary>Reads the records of a retriever built from the manifest (an HttpComponentsResolver's), through the read loop.</summary>
public delegate IAsyncEnumerable<Dictionary<string, object?>> RetrieverRecords(object retriever, CancellationToken cancellationToken);

/// <summary>Produces one <c>components_values</c> per stream to generate, and the mappings that write them into the template.</summary>
public interface IComponentsResolver
{
    IReadOnlyList<ComponentMappingDefinition> Mappings { get; }

    IAsyncEnumerable<object?> ValuesAsync(IReadOnlyDictionary<string, object?> config, TemplateScope scope, RetrieverRecords read, CancellationToken cancellationToken);
}
