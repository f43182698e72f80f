using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Siphon.Http;
using Siphon.Http.ErrorHandling;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Retrieval;
using Siphon.Templates;

namespace Siphon.Jobs;

/// <summary>
/// Runs the jobs of one stream's read: one job per slice at a time, as many slices at once as the shared
/// <see cref="JobBudget"/> allows, each polled on the <see cref="PollingPolicy"/>; failed and timed-out jobs are
/// retried with a new job up to the attempt limit (timed-out ones aborted first). Completed slices are downloaded one
/// after another by the reader while other jobs keep running, so records of a slice stay together and memory stays flat.
/// Slices are handed out in the order they came, so a cursor closes them in order and a crash never loses a slice that
/// was read after a slow one; a job is deleted only once the state covering its slice was output (saved).
/// </summary>
internal sealed partial class JobOrchestrator(HttpJobSteps steps, RetrievalContext context)
{
    private readonly AsyncRetrieverOptions _options = steps.Options;
    private readonly DurableJobs _durable = new(context.State, context.CrashSafety);
    private readonly TemplateScope _configScope = context.Scope;

    /// <summary>Jobs whose slice was read, waiting for the state that covers it before they are deleted.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AsyncJob> _awaitingDelete = new(StringComparer.Ordinal);

    private abstract record Outcome(long Sequence, StreamSlice Slice);
    private sealed record Completed(long Sequence, StreamSlice Slice, AsyncJob Job) : Outcome(Sequence, Slice);
    private sealed record Skipped(long Sequence, StreamSlice Slice) : Outcome(Sequence, Slice);
    private sealed record GaveUp(long Sequence, StreamSlice Slice, IReadOnlyList<string> Reasons) : Outcome(Sequence, Slice);

    public async IAsyncEnumerable<RetrievedItem> ReadAsync(IAsyncEnumerable<StreamSlice> slices, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
        // Enough slices in flight to keep every budget slot busy, without enumerating a huge parent stream up front. A
        // slice holds its place until the reader took its outcome, so outcomes waiting for an earlier slice stay few.
        using var inFlight = new SemaphoreSlim(context.JobBudget.Capacity * 2 + 2);
        var producer = Task.Run(() => ProduceAsync(slices, outcomes.Writer, run, inFlight), CancellationToken.None);
        var gaveUp = new List<GaveUp>();
        var early = new Dictionary<long, Outcome>();
        long next = 0;
        try
        {
            await foreach (var arrived in outcomes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                early[arrived.Sequence] = arrived;
                while (early.Remove(next, out var outcome))
                {
                    next++;
                    inFlight.Release();
                    switch (outcome)
                    {
                        case Completed completed:
                            var durable = new DurableJobSlice(this, completed.Job);
                            await foreach (var (part, batch) in DownloadAsync(completed.Job, cancellationToken).ConfigureAwait(false))
                                yield return new RetrievedItem(completed.Slice, null) { Batch = batch, Part = part, Durable = durable };
                            yield return RetrievedItem.SliceEnd(completed.Slice, durable);
                            break;
                        case Skipped skipped:
                            // Unlike the reference, a skipped window is closed, so the cursor can advance past it.
                            yield return RetrievedItem.SliceEnd(skipped.Slice);
                            break;
                        case GaveUp failed:
                            gaveUp.Add(failed);
                            break;
                    }
                }
            }
        }
        finally
        {
            await run.CancelAsync().ConfigureAwait(false);
            try { await producer.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            catch (Exception) when (cancellationToken.IsCancellationRequested) { }
            // Jobs that completed but were never downloaded because the reader stopped (a test read's record limit, a
            // cancel): deleted like the downloaded ones, unless the caller keeps jobs for a resumed read.
            if (context.AbortJobsOnCancel)
            {
                while (outcomes.Reader.TryRead(out var left)) early[left.Sequence] = left;
                foreach (var unread in early.Values.OfType<Completed>())
                {
                    await DeleteAsync(unread.Job).ConfigureAwait(false);
                    _durable.Remove(unread.Job.SliceKey);
                }
            }
            // Read jobs whose slice end nobody will confirm: no read loop runs AfterCommitAsync, or the read stopped and
            // nobody will resume it. A resumable stop keeps them: a slice whose end was not saved is read again from them.
            if (context.CrashSafety is null || (cancellationToken.IsCancellationRequested && context.AbortJobsOnCancel))
                foreach (var jobId in _awaitingDelete.Keys)
                    if (_awaitingDelete.TryGetValue(jobId, out var read))
                        await DeleteReadJobAsync(read).ConfigureAwait(false);
        }
        if (gaveUp.Count > 0)
            throw new AsyncJobException(
                $"{gaveUp.Count} slice(s) of stream '{context.StreamName}' failed after {MaxAttempts} attempt(s): " +
                string.Join("; ", gaveUp.Select(g => $"{g.Slice.Describe()}: {Collapse(g.Reasons)}")));
    }

    private async Task ProduceAsync(IAsyncEnumerable<StreamSlice> slices, ChannelWriter<Outcome> outcomes, CancellationTokenSource run, SemaphoreSlim inFlight)
    {
        Exception? fatal = null;
        var running = new List<Task>();
        long sequence = 0;
        try
        {
            await foreach (var slice in slices.WithCancellation(run.Token).ConfigureAwait(false))
            {
                await inFlight.WaitAsync(run.Token).ConfigureAwait(false);
                running.Add(RunSliceGuardedAsync(sequence++, slice, outcomes, run));
                running.RemoveAll(t => t.IsCompleted); // a long read keeps only the tasks still running
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            fatal = e;
            await run.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        outcomes.TryComplete(fatal ?? _fatal);
    }

    private Exception? _fatal;

    private async Task RunSliceGuardedAsync(long sequence, StreamSlice slice, ChannelWriter<Outcome> outcomes, CancellationTokenSource run)
    {
        try
        {
            var outcome = await RunSliceAsync(sequence, slice, run.Token).ConfigureAwait(false);
            await outcomes.WriteAsync(outcome, run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A config error (401/403) or an unknown status stops every job of the read, not just this slice.
            Interlocked.CompareExchange(ref _fatal, e, null);
            await run.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<Outcome> RunSliceAsync(long sequence, StreamSlice slice, CancellationToken cancellationToken)
    {
        var key = slice.Describe();
        var reasons = new List<string>();
        var saved = _durable.Find(key);
        var timeout = context.Limits?.JobTimeout ?? Minutes(_options.PollingJobTimeout, AsyncRetriever.DefaultJobTimeout);
        for (var attempt = saved?.Attempt ?? 1; attempt <= MaxAttempts; attempt++)
        {
            AsyncJob? job = null;
            var resumed = false;
            using var slot = await context.JobBudget.AcquireAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (saved is not null)
                {
                    job = new AsyncJob(slice, key, attempt, saved.CreationResponse, saved.CreatedAt, _options.JobIdPath) { SavedRecords = saved.SavedRecords };
                    saved = null;
                    resumed = true;
                    Publish(new JobCreated(Now, Step.ResumeJob, job.Ref(context.StreamName), Resumed: true));
                }
                else
                {
                    Dictionary<string, object?> response;
                    try
                    {
                        response = await steps.CreateAsync(slice, context, cancellationToken, new RequestOrigin(context.StreamName, key, attempt)).ConfigureAwait(false);
                    }
                    catch (HttpRequestFailedException e) when (e.FailureType != FailureType.ConfigError)
                    {
                        reasons.Add($"attempt {attempt}: {e.Message}");
                        Publish(new JobWarning(Now, Step.CreateJob, new JobRef(context.StreamName, key, attempt, AsyncJob.NotCreated), e.Message));
                        continue;
                    }
                    job = new AsyncJob(slice, key, attempt, response, Now, _options.JobIdPath);
                    _durable.Save(job);
                    Publish(new JobCreated(Now, Step.CreateJob, job.Ref(context.StreamName), Resumed: false));
                }

                var (status, raw) = await PollUntilFinalAsync(job, timeout, cancellationToken).ConfigureAwait(false);
                Publish(new JobFinished(Now, Step.PollJob(job.JobId), job.Ref(context.StreamName), status, raw));
                switch (status)
                {
                    case JobStatus.Completed:
                        return new Completed(sequence, slice, job);
                    case JobStatus.Skipped:
                        _durable.Remove(key);
                        return new Skipped(sequence, slice);
                    case JobStatus.TimedOut:
                        reasons.Add($"attempt {attempt}: job {job.JobId} {(raw is null ? $"did not finish within {timeout.TotalMinutes:0.##} min" : $"timed out ('{raw}')")}");
                        await AbortAsync(job, "timed out").ConfigureAwait(false);
                        break;
                    default:
                        reasons.Add($"attempt {attempt}: job {job.JobId} failed ('{raw}')");
                        break;
                }
            }
            catch (HttpRequestFailedException e) when (resumed && e.Status is 404 or 410)
            {
                // The saved job expired or was cleaned up by the provider: say so and create a new one in its place.
                Replace(job!, key, $"is unknown to the provider ({e.Status})");
                attempt--;
                continue;
            }
            catch (AsyncJobException e) when (resumed && !cancellationToken.IsCancellationRequested)
            {
                // A saved job in a state the mapping does not know (cancelled at the provider, expired...) cannot be resumed.
                Replace(job!, key, $"cannot be resumed: {e.Message}");
                attempt--;
                continue;
            }
            catch (HttpRequestFailedException e) when (e.FailureType != FailureType.ConfigError && job is not null)
            {
                // Polls that still fail after the requester's own retries give this attempt up, never spin.
                reasons.Add($"attempt {attempt}: {e.Message}");
                await AbortAsync(job, "polling failed").ConfigureAwait(false);
            }
            catch (Exception) when (job is not null)
            {
                // A stopped read aborts its jobs unless the caller wants them kept for a resumed read (durable jobs). Nobody
                // reads the job after this, and the poll the stop cut short may have found it completed at the provider
                // (where an abort changes nothing): it is deleted too, so no finished export is left behind.
                if (!cancellationToken.IsCancellationRequested || context.AbortJobsOnCancel)
                {
                    await AbortAsync(job, cancellationToken.IsCancellationRequested ? "the read was stopped" : "the read failed").ConfigureAwait(false);
                    await DeleteAsync(job).ConfigureAwait(false);
                    if (cancellationToken.IsCancellationRequested) _durable.Remove(key); // an aborted job is not resumed
                }
                throw;
            }
            _durable.Remove(key);
            if (attempt < MaxAttempts)
            {
                Publish(new JobWarning(Now, Step.RetryJob, new JobRef(context.StreamName, key, attempt, job?.JobId ?? AsyncJob.NotCreated), reasons[^1] + "; retrying with a new job"));
                var wait = _options.FailedRetryWait is null ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Max(0, _options.FailedRetryWait.Evaluate(_configScope)));
                slot.Dispose(); // the cool-down does not hold up other slices' jobs
                if (wait > TimeSpan.Zero) await Task.Delay(wait, context.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        return new GaveUp(sequence, slice, reasons);
    }

    /// <summary>A saved job that cannot be resumed gives way to a new job for its slice, once: the new one is not resumed.</summary>
    private void Replace(AsyncJob job, string key, string why)
    {
        Publish(new JobWarning(Now, Step.ResumeJob, job.Ref(context.StreamName), $"job {job.JobId} from the saved state {why}; creating a new job for slice {key}"));
        _durable.Remove(key);
    }

    /// <summary>"attempt 1: X, attempt 2: X" reads as one error said twice: said once, with the attempts it happened on.</summary>
    private static string Collapse(IReadOnlyList<string> reasons) => string.Join(", ", reasons
        .Select(r => AttemptPrefix().Match(r) is { Success: true } m ? (Attempt: m.Groups[1].Value, Text: r[m.Length..]) : (Attempt: "", Text: r))
        .GroupBy(r => r.Text, StringComparer.Ordinal)
        .Select(g => g.Count() == 1 ? (g.First().Attempt.Length > 0 ? $"attempt {g.First().Attempt}: {g.Key}" : g.Key)
            : $"attempts {string.Join(", ", g.Select(r => r.Attempt))} ({g.Count()}×): {g.Key}"));

    [System.Text.RegularExpressions.GeneratedRegex(@"^attempt (\d+): ")]
    private static partial System.Text.RegularExpressions.Regex AttemptPrefix();

    private async Task<(JobStatus Status, string? Raw)> PollUntilFinalAsync(AsyncJob job, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = job.CreatedAt + timeout;
        TimeSpan? retryAfter = null;
        while (true)
        {
            var wait = _options.Polling.Delay(job.Polls + 1, retryAfter);
            var left = deadline - Now;
            if (left <= TimeSpan.Zero) return (JobStatus.TimedOut, null);
            await Task.Delay(wait < left ? wait : left, context.Time, cancellationToken).ConfigureAwait(false);
            if (Now >= deadline) return (JobStatus.TimedOut, null);

            PollResult poll;
            // No retry of a poll (a Retry-After, the requester's backoff) waits past the job's own timeout.
            try { poll = await steps.PollAsync(job, context, cancellationToken, deadline).ConfigureAwait(false); }
            catch (HttpRequestFailedException) when (Now >= deadline && !cancellationToken.IsCancellationRequested)
            {
                return (JobStatus.TimedOut, null);
            }
            job.Polls++;
            retryAfter = poll.RetryAfter;
            // The wait the loop will take before the next poll; none when the job is final or the timeout comes first.
            var next = poll.Status == JobStatus.Running ? _options.Polling.Delay(job.Polls + 1, retryAfter) : (TimeSpan?)null;
            if (next is { } n && Now + n >= deadline) next = null;
            Publish(new JobPolled(Now, Step.PollJob(job.JobId), job.Ref(context.StreamName), job.Polls, poll.RawStatus, poll.Status, next));
            if (poll.Status == JobStatus.Running) continue;
            if (poll.Status == JobStatus.Completed) job.PollingResponse = poll.Response;
            return (poll.Status, poll.RawStatus);
        }
    }

    private async IAsyncEnumerable<(int Part, RecordBatch Records)> DownloadAsync(AsyncJob job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var read = false;
        try
        {
            var targets = await steps.TargetsAsync(job, context, cancellationToken,
                why => Publish(new JobWarning(Now, new Step(StepKind.DownloadTarget, "download target"), job.Ref(context.StreamName), why))).ConfigureAwait(false);
            var download = new JobDownload(steps, context, DownloadConcurrency);
            await foreach (var batch in download.ReadAsync(job, targets, cancellationToken).ConfigureAwait(false))
                yield return batch;
            read = true;
        }
        finally
        {
            // A read job leaves the state with its slice's end (the same state closes the slice) and the provider once that
            // state is out: a crash before reads the slice again from the same job. A job the reader stopped reading goes at
            // once, unless the read was stopped to be resumed: the saved state then says how far its download got.
            if (read) _awaitingDelete[job.JobId] = job;
            else if (!cancellationToken.IsCancellationRequested || context.AbortJobsOnCancel)
            {
                await DeleteAsync(job).ConfigureAwait(false);
                _durable.Remove(job.SliceKey);
            }
        }
    }

    /// <summary>
    /// A job's slice in the crash-safety protocol: a mid-slice state notes how far each file got; the slice's end takes
    /// the job out of the state, and the job is deleted once that state is out.
    /// </summary>
    private sealed class DurableJobSlice(JobOrchestrator owner, AsyncJob job) : IDurableSlice
    {
        public bool SaveProgress(IReadOnlyDictionary<int, long> recordsOutput) => owner._durable.SaveProgress(job.SliceKey, Total(recordsOutput));

        /// <summary>
        /// The read loop counts what this read output; a resumed job's download skipped what an earlier read had saved,
        /// which this state must still cover, or a second stop would output those records again.
        /// </summary>
        private IReadOnlyDictionary<int, long> Total(IReadOnlyDictionary<int, long> recordsOutput)
        {
            if (job.SavedRecords.Count == 0) return recordsOutput;
            var total = new Dictionary<int, long>(job.SavedRecords);
            foreach (var (part, count) in recordsOutput) total[part] = total.GetValueOrDefault(part) + count;
            return total;
        }

        public void BeforeState() => owner._durable.Remove(job.SliceKey);

        public Task AfterCommitAsync() => owner.DeleteReadJobAsync(job);
    }

    private async Task DeleteReadJobAsync(AsyncJob job)
    {
        if (!_awaitingDelete.TryRemove(job.JobId, out _)) return;
        _durable.Remove(job.SliceKey); // a no-op after the slice end's BeforeState; needed when nobody ran it
        await DeleteAsync(job).ConfigureAwait(false);
    }

    /// <summary>How long an abort or a delete may take, retries included: both are best effort and must not hold up the run.</summary>
    private static readonly TimeSpan CleanupTime = TimeSpan.FromSeconds(10);

    private async Task AbortAsync(AsyncJob job, string reason)
    {
        if (_options.AbortRequester is null) return;
        using var limit = new CancellationTokenSource(CleanupTime, context.Time);
        var ok = true;
        try { await steps.AbortAsync(job, context, limit.Token).ConfigureAwait(false); }
        catch (Exception e) when (e is HttpRequestFailedException or OperationCanceledException or HttpRequestException) { ok = false; }
        Publish(new JobAborted(Now, Step.AbortJob(job.JobId), job.Ref(context.StreamName), reason, ok));
    }

    private async Task DeleteAsync(AsyncJob job)
    {
        if (_options.DeleteRequester is null) return;
        using var limit = new CancellationTokenSource(CleanupTime, context.Time);
        var ok = true;
        try { await steps.DeleteAsync(job, context, limit.Token).ConfigureAwait(false); }
        catch (Exception e) when (e is HttpRequestFailedException or OperationCanceledException or HttpRequestException) { ok = false; }
        Publish(new JobDeleted(Now, Step.DeleteJob(job.JobId), job.Ref(context.StreamName), ok));
    }

    /// <summary>
    /// The job timeout in minutes; a value that renders to no positive number of minutes gets the spec's default (a
    /// number written in the manifest is checked at load, a rendered non-number is an error).
    /// </summary>
    private TimeSpan Minutes(NumberTemplate template, TimeSpan fallback)
    {
        var minutes = template.Evaluate(_configScope);
        return minutes > 0 ? TimeSpan.FromMinutes(minutes) : fallback;
    }

    private DateTimeOffset Now => context.Time.GetUtcNow();

    /// <summary>Attempts per slice: the manifest's, unless the read says otherwise (a test read that asked for fewer).</summary>
    private int MaxAttempts => context.Limits?.JobAttempts ?? _options.MaxAttempts;

    private int DownloadConcurrency => context.Limits?.DownloadConcurrency ?? _options.DownloadConcurrency;

    private void Publish(RunEvent runEvent)
    {
        if (context.Events.IsEnabled) context.Events.Publish(runEvent);
    }
}
