namespace Siphon.DuckDb;

/// <summary>Options of a <see cref="DuckDbDestination"/>.</summary>
public sealed record DuckDbDestinationOptions
{
    /// <summary>The DuckDB file; created when missing.</summary>
    public required string Path { get; init; }

    /// <summary>Stamps <c>_siphon_extracted_at</c> and <c>_siphon_state.updated_at</c>; injected so tests control time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>DuckDB's worker threads; null lets DuckDB use every core.</summary>
    public int? Threads { get; init; }

    /// <summary>DuckDB's memory limit (e.g. "2GB"); null keeps DuckDB's default (80% of RAM). Staged rows spill to disk beyond it.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Keys a keyed stream's <see cref="NewKeyFilter"/> remembers; small in tests, to reach the full filter's path.</summary>
    internal int NewKeyCapacity { get; init; } = NewKeyFilter.DefaultCapacity;
}
