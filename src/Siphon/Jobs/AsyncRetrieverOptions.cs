using Siphon.Decoding;
using Siphon.Http;
using Siphon.Partitions;
using Siphon.Records;

namespace Siphon.Jobs;

/// <summary>The built parts of an <see cref="AsyncRetriever"/>: immutable, shared by every read.</summary>
internal sealed record AsyncRetrieverOptions
{
    public required HttpRequester CreationRequester { get; init; }
    /// <summary>The manifest's, or in request-reply mode a GET of the creation response's Location.</summary>
    public required HttpRequester PollingRequester { get; init; }
    public required HttpRequester DownloadRequester { get; init; }
    public HttpRequester? DownloadTargetRequester { get; init; }
    public HttpRequester? AbortRequester { get; init; }
    public HttpRequester? DeleteRequester { get; init; }
    public IRecordExtractor? StatusExtractor { get; init; }
    public AsyncJobStatusMap? StatusMap { get; init; }

    /// <summary>
    /// No polling requester was given: the job is polled at the creation response's <c>Location</c> (the asynchronous
    /// request-reply pattern), 202 meaning running and a redirect meaning done, the result being where it points.
    /// </summary>
    public bool RequestReply { get; init; }
    public IRecordExtractor? DownloadTargetExtractor { get; init; }
    public required IRecordExtractor DownloadExtractor { get; init; }
    public IRecordDecoder? Decoder { get; init; }
    public required IRecordDecoder DownloadDecoder { get; init; }
    public required RecordSelector RecordSelector { get; init; }
    public required Retrieval.Pagination.IPaginator DownloadPaginator { get; init; }
    public IReadOnlyList<IPartitionRouter> PartitionRouters { get; init; } = [];
    public required PollingPolicy Polling { get; init; }

    /// <summary>Where in the creation response the polling URL takes the job's identity from, when it says.</summary>
    public IReadOnlyList<string> JobIdPath { get; init; } = [];

    /// <summary>Per attempt, from creation, as a template over config (minutes in the manifest).</summary>
    public required Http.ErrorHandling.NumberTemplate PollingJobTimeout { get; init; }

    public Http.ErrorHandling.NumberTemplate? FailedRetryWait { get; init; }
    public required int MaxAttempts { get; init; }

    /// <summary>How many files of one job download at once.</summary>
    public required int DownloadConcurrency { get; init; }
}
