using Siphon.Manifest;

namespace Siphon.Source;

/// <summary>A built connector: what `spec`, `check`, `discover` and `read` work from.</summary>
public sealed record ConnectorDefinition(
    string Version,
    IReadOnlyList<StreamDefinition> Streams,
    SpecDefinition? Spec,
    CheckDefinition? Check,
    string? MaxConcurrentAsyncJobCount,
    ConcurrencyLevelDefinition? ConcurrencyLevel)
{
    public StreamDefinition? FindStream(string name) => Streams.FirstOrDefault(s => s.Name == name);
}

public enum StreamKind { Synchronous, Asynchronous, Unknown }

/// <summary>One stream of a connector; <see cref="UnsupportedReasons"/> is non-empty when Siphon cannot run it.</summary>
public sealed record StreamDefinition(
    string Name,
    StreamKind Kind,
    SourcePosition Position,
    IReadOnlyList<IReadOnlyList<string>> PrimaryKey,
    object? Schema,
    object? Retriever,
    IReadOnlyList<string> UnsupportedReasons)
{
    public bool IsSupported => UnsupportedReasons.Count == 0;
}
