using Siphon.Http;
using Siphon.Source;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Runs;

/// <summary>
/// Reads the schemas of the streams whose <c>schema_loader</c> is a <c>DynamicSchemaLoader</c>, once the config is known.
/// As the reference, a loader uses the first record of its retriever's first page, so one slice and one page are read.
/// </summary>
public static class DynamicSchemaResolution
{
    private static readonly ReadLimits FirstPage = new() { MaxSlices = 1, MaxPagesPerSlice = 1 };

    public static bool Needed(ConnectorDefinition connector) => connector.Streams.Any(s => s.IsSupported && s.DynamicSchema is not null);

    public static async Task<ConnectorDefinition> ResolveAsync(ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config,
        HttpSession session, CancellationToken cancellationToken)
    {
        if (!Needed(connector)) return connector;
        var scope = new TemplateScope(new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config, ["parameters"] = JsonValues.NewObject() }, session.Run.Time);
        var streams = new List<StreamDefinition>(connector.Streams.Count);
        foreach (var stream in connector.Streams)
        {
            if (!stream.IsSupported || stream.DynamicSchema is not { } loader)
            {
                streams.Add(stream);
                continue;
            }
            var records = await DynamicStreamResolution.ReadRetrieverAsync(connector, loader.Retriever, config, session,
                $"stream '{stream.Name}': the DynamicSchemaLoader", FirstPage, cancellationToken).ConfigureAwait(false);
            try
            {
                streams.Add(stream with { Schema = loader.Schema(records.FirstOrDefault(), scope) });
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"stream '{stream.Name}': {e.Message}", e);
            }
        }
        return connector with { Streams = streams };
    }
}
