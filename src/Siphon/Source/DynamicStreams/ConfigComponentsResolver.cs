using Siphon.Components;
using Siphon.Manifest;
using Siphon.Records;
using Siphon.Templates;

namespace Siphon.Source.DynamicStreams;

/// <summary>
/// <c>ConfigComponentsResolver</c>: one stream per entry of a list in the config (plus the defaults); with several
/// <c>stream_config</c>s, one per combination of their entries, <c>components_values</c> then being the list of them.
/// </summary>
public sealed class ConfigComponentsResolver(IReadOnlyList<StreamConfig> streamConfigs, IReadOnlyList<ComponentMappingDefinition> mappings) : IComponentsResolver
{
    public static readonly ComponentSpec Spec = new("ConfigComponentsResolver", ComponentKind.ComponentsResolver,
        "(This component is experimental. Use at your own risk.) Resolves and populates stream templates with components fetched from the source config.",
        [
            new FieldSpec("stream_config", FieldType.ComponentOrList, "Where in the config the streams' values are (one StreamConfig or a list of them).") { Kind = ComponentKind.StreamConfig, ImpliedType = "StreamConfig", Required = true },
            Field.Components("components_mapping", ComponentKind.ComponentMapping, "The mappings that write each config entry into the stream template.", implied: "ComponentMappingDefinition", required: true),
        ])
    {
        Factory = (node, context) => new ConfigComponentsResolver(node.Children("stream_config").Select(context.Build<StreamConfig>).ToList(),
            node.Children("components_mapping").Select(context.Build<ComponentMappingDefinition>).ToList()),
        Example = """
            type: ConfigComponentsResolver
            stream_config: { type: StreamConfig, configs_pointer: [custom_reports] }
            components_mapping:
              - field_path: [name]
                value: "{{ components_values['name'] }}"
            """,
    };

    public IReadOnlyList<ComponentMappingDefinition> Mappings => mappings;

    public IAsyncEnumerable<object?> ValuesAsync(IReadOnlyDictionary<string, object?> config, TemplateScope scope, RetrieverRecords read,
        CancellationToken cancellationToken) => Values(config, scope).ToAsyncEnumerable();

    private IEnumerable<object?> Values(IReadOnlyDictionary<string, object?> config, TemplateScope scope)
    {
        var lists = streamConfigs.Select(c => c.Entries(config, scope)).ToList();
        if (lists.Count == 1)
        {
            foreach (var entry in lists[0]) yield return entry;
            yield break;
        }
        IEnumerable<List<object?>> combinations = [[]];
        foreach (var list in lists) combinations = combinations.SelectMany(c => list.Select(entry => (List<object?>)[.. c, entry]));
        foreach (var combination in combinations) yield return combination;
    }
}

/// <summary><c>StreamConfig</c>: where in the config a list of stream values is, and default values added to it.</summary>
public sealed class StreamConfig(RecordPath pointer, IReadOnlyList<object?> defaults)
{
    public static readonly ComponentSpec Spec = new("StreamConfig", ComponentKind.StreamConfig,
        "(This component is experimental. Use at your own risk.) Describes how to get streams config from the source config.",
        [
            new FieldSpec("configs_pointer", FieldType.StringList, "A list of potentially nested fields indicating the full path in source config file where streams configs located.") { Required = true },
            Field.Any("default_values", "A list of default values, each matching the structure expected from the parsed component value."),
        ])
    {
        Factory = (node, _) => new StreamConfig(
            new RecordPath((node.Value("configs_pointer") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text) ?? [], node.FieldPath("configs_pointer")),
            node.Value("default_values")?.ToValue() as List<object?> ?? []),
        Example = "type: StreamConfig\nconfigs_pointer: [custom_reports]\n",
    };

    /// <summary>The entries at the pointer (a single value counts as one entry), then the defaults.</summary>
    public List<object?> Entries(IReadOnlyDictionary<string, object?> config, TemplateScope scope)
    {
        var found = RecordPath.Select(config as Dictionary<string, object?> ?? config.ToDictionary(StringComparer.Ordinal), pointer.Resolve(scope)).FirstOrDefault();
        List<object?> entries = found switch
        {
            List<object?> list => [.. list],
            null => [],
            var single => [single],
        };
        entries.AddRange(defaults);
        return entries;
    }
}
