using System.Runtime.CompilerServices;
using Siphon.Decoding;
using Siphon.Http;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Retrieval;
using Siphon.Retrieval.Pagination;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Jobs;

/// <summary>
/// The HTTP side of a job's life: create, poll, resolve download targets, download, abort and delete, each with the
/// uniform step context (every step after creation sees <c>creation_response</c>, steps after completion see
/// <c>polling_response</c>, the download sees <c>download_target</c>, all see the slice and <c>config</c>).
/// </summary>
internal sealed class HttpJobSteps(AsyncRetrieverOptions options)
{
    public AsyncRetrieverOptions Options { get; } = options;

    private readonly PageReader _downloads = new(options.DownloadRequester, options.DownloadPaginator, options.DownloadDecoder,
        options.DownloadExtractor, options.RecordSelector);

    public async Task<Dictionary<string, object?>> CreateAsync(StreamSlice slice, RetrievalContext context, CancellationToken cancellationToken, RequestOrigin? origin = null)
    {
        using var exchange = await Options.CreationRequester.SendAsync(
            new RequestContext(context.Session, Step.CreateJob, Scope(context, slice)) { Origin = origin }, cancellationToken).ConfigureAwait(false);
        return await ResponseValueAsync(exchange, "create job", cancellationToken).ConfigureAwait(false);
    }

    /// <param name="deadline">The job's timeout: no retry of the poll waits past it.</param>
    public async Task<PollResult> PollAsync(AsyncJob job, RetrievalContext context, CancellationToken cancellationToken, DateTimeOffset? deadline = null)
    {
        var step = Step.PollJob(job.JobId);
        using var exchange = await Options.PollingRequester.SendAsync(
            new RequestContext(context.Session, step, Scope(context, job.Slice, job))
            {
                Origin = job.Origin(context.StreamName),
                RetryCap = deadline is null ? null : new RetryCap { Deadline = deadline },
            }, cancellationToken).ConfigureAwait(false);
        var retryAfter = RetryAfter(exchange, context.Time);
        if (Options.RequestReply && RequestReplyStatus(exchange, job) is { } replied) return replied with { RetryAfter = retryAfter };
        var response = await ResponseValueAsync(exchange, step.Text, cancellationToken).ConfigureAwait(false);
        if (Options.StatusExtractor is null || Options.StatusMap is null)
            return new PollResult("200", JobStatus.Completed, WithResultUrl(response, exchange.Response.RequestMessage?.RequestUri), retryAfter);
        var found = Options.StatusExtractor.Extract(response, context.Scope).ToList();
        var raw = PythonText.Str(found.FirstOrDefault());
        if (!Options.StatusMap.TryMap(raw, out var status) && found.Count == 0)
            throw new AsyncJobException(
                $"{step}: status_extractor found nothing at {ExtractorPath(Options.StatusExtractor, context)} of the poll response for job {job.JobId} ({Keys(response)})");
        if (found.Count > 0 && !Options.StatusMap.TryMap(raw, out status))
            throw new AsyncJobException(
                $"{step}: unknown status '{raw}' for job {job.JobId} of slice {job.SliceKey}; the status_mapping knows {Options.StatusMap.Describe()}");
        return new PollResult(raw, status, response, retryAfter);
    }

    /// <summary>
    /// Request-reply polls: 202 is running; a redirect (followed by the HTTP client, its body left unread) means done with
    /// the result where it led. Anything else is read as a status document.
    /// </summary>
    private static PollResult? RequestReplyStatus(HttpExchange exchange, AsyncJob job)
    {
        if (exchange.Status == 202) return new PollResult("202 Accepted", JobStatus.Running, JobsResponse(exchange), null);
        var final = exchange.Response.RequestMessage?.RequestUri;
        var polled = job.CreationResponse.GetValueOrDefault("headers") is Dictionary<string, object?> headers
            ? headers.FirstOrDefault(h => h.Key.Equals("location", StringComparison.OrdinalIgnoreCase)).Value as string : null;
        if (final is null || polled is null || final.AbsolutePath == new Uri(final, polled).AbsolutePath) return null;
        return new PollResult("303 See Other", JobStatus.Completed, WithResultUrl(JobsResponse(exchange), final), null);
    }

    private static Dictionary<string, object?> JobsResponse(HttpExchange exchange) => new(StringComparer.Ordinal)
    {
        ["headers"] = exchange.HeadersValue(),
        ["status_code"] = (long)exchange.Status,
    };

    private static Dictionary<string, object?> WithResultUrl(Dictionary<string, object?> response, Uri? url)
    {
        if (url is not null) response["result_url"] = url.ToString();
        return response;
    }

    /// <summary>The download targets of a completed job: extracted from the polling response or from an extra request.</summary>
    /// <param name="noTarget">Told why, when an extractor finds no target: the reference then downloads nothing without a word.</param>
    public async Task<IReadOnlyList<object?>> TargetsAsync(AsyncJob job, RetrievalContext context, CancellationToken cancellationToken, Action<string>? noTarget = null)
    {
        object? source = job.PollingResponse;
        if (Options.DownloadTargetRequester is { } requester)
        {
            using var exchange = await requester.SendAsync(
                new RequestContext(context.Session, Step.DownloadTargetOf(job.JobId), Scope(context, job.Slice, job)) { Origin = job.Origin(context.StreamName) }, cancellationToken).ConfigureAwait(false);
            source = await ResponseValueAsync(exchange, "download target", cancellationToken).ConfigureAwait(false);
        }
        if (Options.DownloadTargetExtractor is null)
        {
            if (Options.RequestReply && job.PollingResponse?.GetValueOrDefault("result_url") is string result) return [result];
            return Options.DownloadTargetRequester is null ? [""] : [];
        }
        var targets = Options.DownloadTargetExtractor.Extract(source, context.Scope).ToList();
        if (targets.Count == 0 && noTarget is not null)
            noTarget(NoTargetMessage(job, context, source, Options.DownloadTargetRequester is null ? "final poll response" : "download target response"));
        return targets;
    }

    /// <summary>Names the path that found nothing and the keys the response had, which is what the author needs to fix the path.</summary>
    private string NoTargetMessage(AsyncJob job, RetrievalContext context, object? source, string response) =>
        $"job {job.JobId} completed but download_target_extractor found no download target at {ExtractorPath(Options.DownloadTargetExtractor, context)} " +
        $"of the {response} ({Keys(source)}); nothing was downloaded";

    private static string ExtractorPath(IRecordExtractor? extractor, RetrievalContext context) =>
        extractor is DpathExtractor dpath ? $"field_path [{string.Join(", ", dpath.Path.Resolve(context.Scope))}]" : "its extractor's path";

    /// <summary>The response body's top-level keys, which is what the author needs to fix a path that found nothing.</summary>
    private static string Keys(object? response)
    {
        // headers, request and status_code are added to every response value; the body's own keys are what a path names.
        var keys = response is Dictionary<string, object?> body ? body.Keys.Where(k => k is not ("headers" or "request" or "status_code")).ToList() : [];
        return keys.Count > 0 ? $"its top-level keys: {string.Join(", ", keys)}" : "its body has no keys";
    }

    /// <summary>How many times one target's download is started again after it broke (the first try not counted).</summary>
    private const int MaxDownloadRetries = 3;

    /// <summary>
    /// Streams the records of one download target, surviving breaks: a dropped connection is resumed with <c>Range</c>
    /// where the server allows it, otherwise the download starts again and the records already emitted are skipped;
    /// a URL that expired (403/404 where it worked before) is replaced by a fresh one from a new poll.
    /// </summary>
    public async IAsyncEnumerable<RecordBatch> DownloadAsync(AsyncJob job, int index, object? target, RetrievalContext context,
        Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken, long alreadySaved = 0)
    {
        // Records a stopped read already saved count as emitted: they are skipped like those before a break.
        long emitted = alreadySaved;
        for (var attempt = 0; ; attempt++)
        {
            Exception? failure = null;
            long seen = 0;
            var records = DownloadOnceAsync(job, target, context, warn, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await records.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (attempt < MaxDownloadRetries && IsBroken(e) && !cancellationToken.IsCancellationRequested)
                    {
                        failure = e;
                        break;
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                    {
                        // A transport error knows nothing of jobs: name the step, the file and how often it was tried.
                        throw new AsyncJobException(
                            $"download of job {job.JobId}: file {index + 1} broke on each of {attempt + 1} attempt(s) after {emitted} record(s): {e.Message}", inner: e);
                    }
                    if (!more) yield break;
                    var batch = records.Current;
                    // Rows already emitted before the download broke are skipped, to the row: a batch may straddle the point.
                    var skip = (int)Math.Clamp(emitted - seen, 0, batch.Count);
                    seen += batch.Count;
                    if (skip == batch.Count) continue;
                    emitted += batch.Count - skip;
                    yield return batch.From(skip);
                }
            }
            finally
            {
                await records.DisposeAsync().ConfigureAwait(false);
            }
            warn($"download {index + 1} of job {job.JobId} broke after {emitted} record(s) ({failure!.Message}); downloading it again and skipping those records");
            if (failure is HttpRequestFailedException { Status: 403 or 404 or 410 })
                target = await FreshTargetAsync(job, index, context, cancellationToken).ConfigureAwait(false) ?? target;
        }
    }

    private async IAsyncEnumerable<RecordBatch> DownloadOnceAsync(AsyncJob job, object? target, RetrievalContext context,
        Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var step = Step.DownloadOf(job.JobId);
        var scope = Scope(context, job.Slice, job, target as string).With("download_target", target);
        var recordScope = Scope(context, job.Slice, job);
        var token = _downloads.Paginator.InitialToken(scope);
        var pages = 0;
        while (true)
        {
            var emittedOnPage = 0;
            var pageScope = PageReader.WithToken(scope, token);
            var options = new List<InjectedOption>();
            _downloads.Paginator.AddRequestOptions(token, pageScope, options);
            var request = new RequestContext(context.Session, step, pageScope) { Options = options, Origin = job.Origin(context.StreamName) };
            using var page = await _downloads.FetchAsync(request, token, cancellationToken).ConfigureAwait(false);
            if (page.Exchange.Ignored) yield break;
            var tally = new PageTally();
            await using (var body = await _downloads.OpenBodyAsync(page, cancellationToken, streamed => ResumableBody(page.Exchange, request, step.Text, warn, streamed)).ConfigureAwait(false))
            {
                await foreach (var batch in _downloads.BatchesAsync(body, step.Text, context.Scope, recordScope, context, tally, cancellationToken).ConfigureAwait(false))
                {
                    emittedOnPage += batch.Count;
                    yield return batch;
                }
            }
            token = _downloads.NextToken(page, tally.Count, tally.Last, pageScope);
            PageLimit.PageRead(context, job.SliceKey, page.Exchange.Id, emittedOnPage);
            if (token is not null && PageLimit.Reached(context, job.SliceKey, ++pages)) token = null;
            if (token is null) yield break;
        }
    }

    /// <summary>A body that resumes with a Range request when the connection breaks and the server accepts ranges.</summary>
    private RangeResumingStream ResumableBody(HttpExchange exchange, RequestContext request, string step, Action<string> warn, Stream body)
    {
        var response = exchange.Response;
        var rangesAccepted = response.Headers.AcceptRanges.Contains("bytes") && response.Content.Headers.ContentEncoding.Count == 0;
        return new RangeResumingStream(body, rangesAccepted,
            async (from, ct) => (await Options.DownloadRequester.SendAsync(
                request with { Options = [.. request.Options, new InjectedOption(RangeHeader.Instance, from)] }, ct).ConfigureAwait(false)).Response,
            MaxDownloadRetries,
            (at, e) => warn($"{step}: connection broke at byte {at} ({e.Message}); resuming from there with a Range request"),
            // Silence on a socket is measured in real time: a test's manual clock jumps ahead while bytes are on their way.
            request.Session.Options.BodyIdleTimeout, TimeProvider.System);
    }

    /// <summary>Polls a completed job again for new download URLs and returns the one at <paramref name="index"/>.</summary>
    private async Task<object?> FreshTargetAsync(AsyncJob job, int index, RetrievalContext context, CancellationToken cancellationToken)
    {
        var poll = await PollAsync(job, context, cancellationToken).ConfigureAwait(false);
        if (poll.Status != JobStatus.Completed) return null;
        job.PollingResponse = poll.Response;
        var targets = await TargetsAsync(job, context, cancellationToken).ConfigureAwait(false);
        return index < targets.Count ? targets[index] : null;
    }

    private static bool IsBroken(Exception e) => e switch
    {
        IOException or HttpRequestException => true,
        HttpRequestFailedException { Status: 403 or 404 or 410 or >= 500 } => true,
        DecodeException decode => decode.Failure is DecodeFailure.Truncated or DecodeFailure.ErrorPage || decode.InnerException is IOException,
        _ => false,
    };

    /// <summary>Best effort: a few quick retries (<see cref="RetryCap.BestEffort"/>); the caller bounds the time and goes on.</summary>
    public async Task AbortAsync(AsyncJob job, RetrievalContext context, CancellationToken cancellationToken)
    {
        if (Options.AbortRequester is null) return;
        using var exchange = await Options.AbortRequester.SendAsync(
            new RequestContext(context.Session, Step.AbortJob(job.JobId), Scope(context, job.Slice, job)) { Origin = job.Origin(context.StreamName), RetryCap = RetryCap.BestEffort }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Best effort like <see cref="AbortAsync"/>: a job left undeleted costs the provider storage, never the run its end.</summary>
    public async Task DeleteAsync(AsyncJob job, RetrievalContext context, CancellationToken cancellationToken)
    {
        if (Options.DeleteRequester is null) return;
        using var exchange = await Options.DeleteRequester.SendAsync(
            new RequestContext(context.Session, Step.DeleteJob(job.JobId), Scope(context, job.Slice, job)) { Origin = job.Origin(context.StreamName), RetryCap = RetryCap.BestEffort }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The variables of a step: the slice (and its extra fields as top-level names), then what the job has so far.</summary>
    public static TemplateScope Scope(RetrievalContext context, StreamSlice slice, AsyncJob? job = null, string? downloadUrl = null)
    {
        var extra = JsonValues.NewObject();
        foreach (var (key, value) in slice.ExtraFields) extra[key] = value;
        if (job is not null)
        {
            // Manifests also read the responses from the slice: legacy stream_slice['create_job_response'], modern extra_fields.polling_response.
            extra["create_job_response"] = job.CreationResponse;
            extra["creation_response"] = job.CreationResponse;
            if (job.PollingResponse is not null)
            {
                extra["polling_job_response"] = job.PollingResponse;
                // The reference's download-target request sees stream_slice.extra_fields.polling_response (app-store-connect).
                extra["polling_response"] = job.PollingResponse;
            }
        }
        // Legacy manifests download from stream_slice.extra_fields['url'].
        if (downloadUrl is not null) extra["url"] = downloadUrl;
        var scope = context.Scope.With("stream_slice", new StreamSliceValue(slice.Partition, slice.CursorSlice, extra)).With("next_page_token", null);
        foreach (var (key, value) in slice.ExtraFields) scope = scope.With(key, value);
        if (job is null) return scope;
        scope = scope.With("creation_response", job.CreationResponse);
        return job.PollingResponse is null ? scope : scope.With("polling_response", job.PollingResponse);
    }

    /// <summary>
    /// The response as templates see it: the decoded body (JSON by default, else the configured decoder's first value,
    /// and an empty body is an empty mapping) plus its <c>headers</c>, so a job named only in a Location header works.
    /// </summary>
    private async Task<Dictionary<string, object?>> ResponseValueAsync(HttpExchange exchange, string step, CancellationToken cancellationToken)
    {
        object? body;
        if (Options.Decoder is null or JsonDecoder) body = await exchange.ReadJsonAsync(cancellationToken).ConfigureAwait(false);
        else
        {
            await using var stream = await exchange.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
            body = null;
            await foreach (var value in Options.Decoder.DecodeAsync(stream, new DecodeContext(step), cancellationToken).ConfigureAwait(false))
            {
                body = value;
                break;
            }
        }
        var response = body as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal) { ["body"] = body };
        response.TryAdd("headers", exchange.HeadersValue());
        response.TryAdd("request", exchange.RequestValue());
        response.TryAdd("status_code", (long)exchange.Status);
        return response;
    }

    private static TimeSpan? RetryAfter(HttpExchange exchange, TimeProvider time)
    {
        var header = exchange.Header("Retry-After");
        if (header is null) return null;
        if (double.TryParse(header, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600));
        return DateTimeOffset.TryParse(header, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromSeconds(Math.Clamp((at - time.GetUtcNow()).TotalSeconds, 0, 3600))
            : null;
    }
}

internal readonly record struct PollResult(string RawStatus, JobStatus Status, Dictionary<string, object?> Response, TimeSpan? RetryAfter);
