namespace Siphon;

/// <summary>
/// Limits and overrides of a read of the selected streams (a builder test read sets them; a sync sets none). They apply
/// to the streams asked for, never to the parent streams their partitions come from. Every one that is set changes
/// behaviour, so a test read echoes them in its result.
/// </summary>
public sealed record ReadLimits
{
    /// <summary>At most this many slices per stream; one more existing is reported as <see cref="ReadLimitReached"/>.</summary>
    public int? MaxSlices { get; init; }

    /// <summary>
    /// At most this many records per stream are wanted: the read passes one more (it shows that more exist, and the caller
    /// stops there) and then pulls nothing more from the retriever, so reading ahead never requests pages past that record.
    /// </summary>
    public int? MaxRecords { get; init; }

    /// <summary>At most this many pages per slice (per download target of an async job).</summary>
    public int? MaxPagesPerSlice { get; init; }

    /// <summary>Async job attempts per slice instead of the manifest's.</summary>
    public int? JobAttempts { get; init; }

    /// <summary>How long an async job may run instead of the manifest's <c>polling_job_timeout</c>.</summary>
    public TimeSpan? JobTimeout { get; init; }

    /// <summary>Files of one job downloaded at once instead of the manifest's (1 keeps pages and records in file order).</summary>
    public int? DownloadConcurrency { get; init; }
}
