using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Source.DynamicStreams;

/// <summary>
/// <c>DynamicDeclarativeStream</c>: streams generated at run time, one per <c>components_values</c> its resolver finds
/// (a record of an API, an entry of the config, an object of parameters), each a copy of the stream template with the
/// resolver's mappings written in. The generated streams are validated and built like written ones.
/// </summary>
public sealed class DynamicDeclarativeStream(string name, Dictionary<string, object?> template, IComponentsResolver resolver)
{
    public static readonly ComponentSpec Spec = new("DynamicDeclarativeStream", ComponentKind.DynamicStream,
        "(This component is experimental. Use at your own risk.) A component that described how will be created declarative streams based on stream template.",
        [
            Field.String("name", "The dynamic stream name."),
            Field.Component("stream_template", ComponentKind.Stream, "Reference to the stream template.", implied: "DeclarativeStream", required: true),
            Field.Component("components_resolver", ComponentKind.ComponentsResolver, "Component resolve and populates stream templates with components values.", required: true),
            Field.Boolean("use_parent_parameters", "Whether or not to prioritize parent parameters over component parameters when constructing dynamic streams. Defaults to true for backward compatibility.", @default: true),
        ])
    {
        Factory = (node, context) =>
        {
            var template = (Dictionary<string, object?>)node.Map["stream_template"]!.ToValue()!;
            // The dynamic stream's own $parameters reach the generated streams as they reach a written stream's children.
            if (node.Parameters.Count > 0)
            {
                var own = template.GetValueOrDefault("$parameters") as Dictionary<string, object?> ?? JsonValues.NewObject();
                var merged = node.ParameterValues();
                foreach (var (key, value) in own)
                    if (!node.Boolean("use_parent_parameters") || !merged.ContainsKey(key)) merged[key] = value;
                template["$parameters"] = merged;
            }
            return new DynamicDeclarativeStream(node.Text("name") ?? "", template, context.Build<IComponentsResolver>(node.Child("components_resolver")!));
        },
        Example = """
            type: DynamicDeclarativeStream
            stream_template:
              type: DeclarativeStream
              name: ""
              retriever:
                requester: { url: "https://api.example.com/{{ parameters['path'] }}" }
                record_selector: { extractor: { field_path: [] } }
            components_resolver:
              type: ParametrizedComponentsResolver
              stream_parameters: { list_of_parameters_for_stream: [ { name: orders } ] }
              components_mapping:
                - { field_path: [name], value: "{{ components_values['name'] }}" }
                - { field_path: [$parameters, path], value: "{{ components_values['name'] }}", create_or_update: true }
            """,
    };

    public string Name => name;

    /// <summary>The manifest of each generated stream: a copy of the template with every mapping applied.</summary>
    public async IAsyncEnumerable<Dictionary<string, object?>> GenerateAsync(IReadOnlyDictionary<string, object?> config, TemplateScope scope,
        RetrieverRecords read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var values in resolver.ValuesAsync(config, scope, read, cancellationToken).ConfigureAwait(false))
        {
            var stream = (Dictionary<string, object?>)ResultTyping.Copy(template)!;
            var valuesScope = scope.With("components_values", values);
            foreach (var mapping in resolver.Mappings) mapping.Apply(stream, valuesScope);
            yield return stream;
        }
    }
}
