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

    /// <summary>The manifest's call-rate limits, given to the run's HTTP session.</summary>
    public Http.Budget.HttpApiBudget? ApiBudget { get; init; }

    /// <summary>Why `check` cannot run (a check type or field Siphon does not run yet); empty when it can.</summary>
    public IReadOnlyList<string> CheckUnsupportedReasons { get; init; } = [];

    /// <summary>The manifest's <c>dynamic_streams</c>: streams generated once the config is known (<c>Runs.DynamicStreamResolution</c>).</summary>
    public IReadOnlyList<DynamicStreams.DynamicDeclarativeStream> DynamicStreams { get; init; } = [];

    /// <summary>
    /// The manifest's <c>ConditionalStreams</c>, each with the number of streams written before it: streams the connector
    /// has when their condition holds for the config.
    /// </summary>
    public IReadOnlyList<(int At, ConditionalStreams Group)> ConditionalStreams { get; init; } = [];

    /// <summary>The connector for a config: the streams of the <c>ConditionalStreams</c> whose condition holds, where they were written.</summary>
    public ConnectorDefinition ForConfig(IReadOnlyDictionary<string, object?> config, TimeProvider time)
    {
        if (ConditionalStreams.Count == 0) return this;
        var streams = new List<StreamDefinition>(Streams);
        foreach (var (at, group) in ConditionalStreams.Reverse())
            if (group.Holds(config, time)) streams.InsertRange(at, group.Streams);
        return this with { Streams = streams, ConditionalStreams = [] };
    }
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
    IReadOnlyList<string> UnsupportedReasons) : IStreamDefinition
{
    public bool IsSupported => UnsupportedReasons.Count == 0;

    /// <summary>The incremental cursor (<c>incremental_sync</c>); null for a full-refresh stream.</summary>
    public Partitions.StreamCursor? Cursor { get; init; }

    /// <summary>The stream's transformations, applied by the retriever to every record in order.</summary>
    public IReadOnlyList<Records.IRecordTransformation> Transformations { get; init; } = [];

    /// <summary>Migrations applied, in order, to a previous state before a read.</summary>
    public IReadOnlyList<Partitions.IStateMigration> StateMigrations { get; init; } = [];

    /// <summary>The cursor field, as catalogs report it (<c>default_cursor_field</c>); null for full refresh.</summary>
    public string? CursorField { get; init; }

    /// <summary>Reads the stream's schema from the API once the config is known (<c>Runs.DynamicSchemaResolution</c>).</summary>
    public Records.Schema.DynamicSchemaLoader? DynamicSchema { get; init; }

    /// <summary>For a <c>StateDelegatingStream</c>: the stream read instead of this one while there is no usable state.</summary>
    public StateDelegation? FullRefresh { get; init; }

    /// <summary>The stream that reads from <paramref name="state"/>: this one, or its full-refresh delegate.</summary>
    public StreamDefinition ForState(Dictionary<string, object?>? state, DateTimeOffset now) =>
        FullRefresh is { } delegation && delegation.Applies(state, CursorField, now) ? delegation.FullRefresh : this;
}
