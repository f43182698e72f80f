using Siphon.Templates;

namespace Siphon;

/// <summary>
/// What a component of any layer needs of the stream being read (a partition router, a property list): its name, the
/// base template scope (<c>config</c>), its durable state, the configured catalog's schema and a reader for the other
/// streams it reads in the same run. The retriever's own context (<see cref="Retrieval.RetrievalContext"/>) gives it.
/// </summary>
public sealed class StreamContext
{
    public required string StreamName { get; init; }

    /// <summary>Holds <c>config</c> (and nothing slice-specific).</summary>
    public required TemplateScope Scope { get; init; }

    /// <summary>The stream's durable state (cursor values, running async jobs), shared with the read loop.</summary>
    public required StreamStateStore State { get; init; }

    /// <summary>The JSON Schema the configured catalog gives the stream (its selected fields); null without a catalog.</summary>
    public IReadOnlyDictionary<string, object?>? ConfiguredSchema { get; init; }

    /// <summary>Reads other streams (a parent, a property list) in the same run; null when the stream is not read by a read loop.</summary>
    public IStreamReader? Streams { get; init; }

    /// <summary>The reader of other streams, or an error that says why there is none.</summary>
    public IStreamReader Reader => Streams ?? throw new InvalidOperationException(
        $"stream '{StreamName}' reads another stream, which needs a read loop (SourceReader) to run it");
}
