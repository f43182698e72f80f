using Siphon.Manifest;
using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Decoding;
using Siphon.Http;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Retrieval;
using Siphon.Templates;

namespace Siphon.Jobs;

/// <summary>
/// An asynchronous job stream: for each slice, create a job, poll it until it is done, download its result. Accepts
/// every field of the reference (and its legacy names) plus <c>max_attempts</c> and a <c>polling</c> policy.
/// </summary>
internal sealed class AsyncRetriever(AsyncRetrieverOptions options) : IRetriever
{
    // The steps after creation see the job's creation response and its last polling response.
    private static readonly string[] JobResponses = ["creation_response", "polling_response"];

    private const string RequestReplyDifference =
        "Optional in Siphon (required by the reference): without a polling_requester, Siphon polls the creation response's Location (request-reply), an extension.";

    public static readonly ComponentSpec Spec = new("AsyncRetriever", ComponentKind.Retriever,
        "Reads a stream through asynchronous jobs: create a job per slice, poll it until it is done, download the result.",
        [
            Field.Component("creation_requester", ComponentKind.Requester, "Creates the job; sees the slice.", implied: "HttpRequester", required: true),
            Field.Component("polling_requester", ComponentKind.Requester, "Polls the job; sees creation_response. Without it, the creation response's Location is polled (request-reply: 202 running, a redirect done).", implied: "HttpRequester") with
                { ReferenceDifference = RequestReplyDifference, TemplateVariables = ["creation_response"] },
            Field.Component("download_requester", ComponentKind.Requester, "Downloads one target; sees download_target, creation_response and polling_response.", implied: "HttpRequester", required: true) with
                { TemplateVariables = ["creation_response", "polling_response", "download_target", "next_page_token"] },
            Field.Component("download_target_requester", ComponentKind.Requester, "Fetches the download targets after completion.", implied: "HttpRequester") with
                { LegacyName = "url_requester", TemplateVariables = JobResponses },
            Field.Component("abort_requester", ComponentKind.Requester, "Aborts a job Siphon gives up on or a read that is stopped.", implied: "HttpRequester") with { TemplateVariables = JobResponses },
            Field.Component("delete_requester", ComponentKind.Requester, "Deletes a job once its records are read.", implied: "HttpRequester") with { TemplateVariables = JobResponses },
            Field.Component("status_extractor", ComponentKind.Extractor, "Where the status is in the polling response (required with a polling_requester).", implied: "DpathExtractor") with
                { ReferenceDifference = RequestReplyDifference },
            Field.Component("status_mapping", ComponentKind.JobStatusMap, "Which API values mean running, completed, failed, timeout, skipped (required with a polling_requester).", implied: "AsyncJobStatusMap") with
                { ReferenceDifference = RequestReplyDifference },
            Field.Component("download_target_extractor", ComponentKind.Extractor, "Where the download targets are (a list gives one download each).", implied: "DpathExtractor") with { LegacyName = "urls_extractor" },
            Field.Component("download_extractor", ComponentKind.Extractor, "Where the records are in a downloaded document.", implied: "DpathExtractor"),
            Field.Component("decoder", ComponentKind.Decoder, "Decoder of the creation, polling and download-target responses.", implied: "JsonDecoder"),
            Field.Component("download_decoder", ComponentKind.Decoder, "Decoder of the downloaded files (streamed).", implied: "JsonDecoder"),
            Field.Component("download_paginator", ComponentKind.Paginator, "Pages through each download target.", implied: "DefaultPaginator"),
            Field.Component("record_selector", ComponentKind.RecordSelector, "Its filter applies to the downloaded records.", implied: "RecordSelector", required: true),
            new FieldSpec("partition_router", FieldType.ComponentOrList, "One job per partition (a list is a cartesian product).") { Kind = ComponentKind.PartitionRouter },
            Field.Template("polling_job_timeout", "Minutes a job may run before it is aborted and retried (template over config).") with
                { Default = 60L, Min = 0, MinExclusive = true, ReferenceDifference = "The reference's schema gives no default; its code waits 60 minutes, as Siphon does." },
            Field.Template("failed_retry_wait_time_in_seconds", "Seconds to wait before replacing a job the API reported failed."),
            Field.Integer("max_attempts", "Jobs created per slice at most (Siphon extension; the reference always uses 3).", 3) with { Min = 1, Max = 100 },
            Field.Integer("download_concurrency", "Files of one job downloaded at once; each file's records keep their order (Siphon extension).", 4) with { Min = 1, Max = 64 },
            Field.Component("polling", ComponentKind.Polling, "When to poll (Siphon extension; default: after 1 s, then ×1.5 up to 30 s).", implied: "AsyncPollingPolicy"),
        ])
    {
        Factory = Build,
        Example = """
            type: AsyncRetriever
            creation_requester: { url: "https://api.example.com/exports", http_method: POST }
            polling_requester: { url: "https://api.example.com/exports/{{ creation_response['id'] }}" }
            download_requester: { url: "{{ download_target }}" }
            status_extractor: { field_path: [status] }
            status_mapping: { running: [pending], completed: [ready], failed: [failed], timeout: [] }
            download_target_extractor: { field_path: [urls] }
            record_selector: { extractor: { field_path: [] } }
            download_decoder: { type: GzipDecoder, decoder: { type: CsvDecoder } }
            """,
    };

    /// <summary>How long a job may run when polling_job_timeout renders to no positive number of minutes: the spec's default.</summary>
    public static TimeSpan DefaultJobTimeout { get; } =
        TimeSpan.FromMinutes(Convert.ToDouble(Spec.FindField("polling_job_timeout")!.Default, System.Globalization.CultureInfo.InvariantCulture));

    public AsyncRetrieverOptions Options { get; } = options;

    public async IAsyncEnumerable<StreamSlice> SlicesAsync(RetrievalContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (CartesianProductRouter.Of(Options.PartitionRouters) is not { } router)
        {
            yield return StreamSlice.Empty;
            yield break;
        }
        await foreach (var slice in router.SlicesAsync(context.Stream, cancellationToken).ConfigureAwait(false))
            yield return slice;
    }

    public IAsyncEnumerable<RetrievedItem> ReadAsync(IAsyncEnumerable<StreamSlice> slices, RetrievalContext context, CancellationToken cancellationToken) =>
        new JobOrchestrator(new HttpJobSteps(Options), context).ReadAsync(slices, cancellationToken);

    private static object Build(ComponentNode node, BuildContext context)
    {
        var selector = context.Build<RecordSelector>(node.Child("record_selector")!);
        var requestReply = node.Child("polling_requester") is null;
        if (!requestReply && (node.Child("status_extractor") is null || node.Child("status_mapping") is null))
            throw new ComponentBuildException(node.Position, node.Path, "a polling_requester needs a status_extractor and a status_mapping");
        var polling = requestReply ? LocationPoller(node, context) : context.Build<HttpRequester>(node.Child("polling_requester")!);
        return new AsyncRetriever(new AsyncRetrieverOptions
        {
            CreationRequester = context.Build<HttpRequester>(node.Child("creation_requester")!),
            PollingRequester = polling,
            JobIdPath = AsyncJob.IdPathIn(polling.UrlSources),
            RequestReply = requestReply,
            DownloadRequester = context.Build<HttpRequester>(node.Child("download_requester")!),
            DownloadTargetRequester = context.BuildOptional<HttpRequester>(node.Child("download_target_requester")),
            AbortRequester = context.BuildOptional<HttpRequester>(node.Child("abort_requester")),
            DeleteRequester = context.BuildOptional<HttpRequester>(node.Child("delete_requester")),
            StatusExtractor = context.BuildOptional<IRecordExtractor>(node.Child("status_extractor")),
            StatusMap = context.BuildOptional<AsyncJobStatusMap>(node.Child("status_mapping")),
            DownloadTargetExtractor = context.BuildOptional<IRecordExtractor>(node.Child("download_target_extractor")),
            DownloadExtractor = context.BuildOptional<IRecordExtractor>(node.Child("download_extractor"))
                ?? new DpathExtractor(new RecordPath([], node.FieldPath("download_extractor"))),
            Decoder = context.BuildOptional<IRecordDecoder>(node.Child("decoder")),
            DownloadDecoder = context.BuildOptional<IRecordDecoder>(node.Child("download_decoder")) ?? new JsonDecoder(TextEncodings.StrictUtf8),
            RecordSelector = selector,
            DownloadPaginator = context.BuildOptional<Retrieval.Pagination.IPaginator>(node.Child("download_paginator")) ?? new Retrieval.Pagination.NoPagination(),
            PartitionRouters = node.Children("partition_router").Select(context.Build<IPartitionRouter>).ToList(),
            Polling = context.BuildOptional<PollingPolicy>(node.Child("polling")) ?? PollingPolicy.Default,
            PollingJobTimeout = Http.ErrorHandling.NumberTemplate.From(node, "polling_job_timeout")!,
            FailedRetryWait = Http.ErrorHandling.NumberTemplate.From(node, "failed_retry_wait_time_in_seconds"),
            MaxAttempts = (int)node.Integer("max_attempts")!.Value,
            DownloadConcurrency = (int)node.Integer("download_concurrency")!.Value,
        });
    }

    /// <summary>
    /// The request-reply poller: a GET of the creation response's Location with the creation requester's credentials
    /// and error handling, built through the registry like any manifest requester.
    /// </summary>
    private static HttpRequester LocationPoller(ComponentNode node, BuildContext context)
    {
        var creation = node.Child("creation_requester")!;
        var at = creation.Position;
        var entries = new List<Manifest.ManifestEntry>
        {
            new("type", at, new Manifest.ManifestScalar(at, "HttpRequester", false, "HttpRequester")),
            new("url", at, new Manifest.ManifestScalar(at, "{{ creation_response['headers']['Location'] }}", false, "{{ creation_response['headers']['Location'] }}")),
            new("http_method", at, new Manifest.ManifestScalar(at, "GET", false, "GET")),
        };
        foreach (var field in new[] { "authenticator", "error_handler" })
            if (creation.Map.Entry(field) is { } entry) entries.Add(entry);
        var map = new Manifest.ManifestMap(at, entries);
        var validation = ManifestValidator.ValidateFragment(new Manifest.ManifestDocument(context.File, map, map, []), context.Registry, ComponentKind.Requester);
        if (validation.Root is null || validation.Errors.Any())
            throw new ComponentBuildException(at, node.FieldPath("polling_requester"), "cannot build the request-reply poller: " + string.Join("; ", validation.Errors));
        return context.Build<HttpRequester>(validation.Root);
    }
}
