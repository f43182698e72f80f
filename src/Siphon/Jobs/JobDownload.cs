using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Siphon.Records;
using Siphon.Retrieval;

namespace Siphon.Jobs;

/// <summary>
/// Reads the files of one completed job (its download targets) as batches of records tagged with the file's index: one file after
/// another, or up to <c>downloadconcurrency</c> at once. Each file resumes after the records a stopped read already
/// saved, and reports its start and end as run events.
/// </summary>
internal sealed class JobDownload(HttpJobSteps steps, RetrievalContext context, int concurrency)
{
    /// <summary>
    /// Files one after another still decode on their own task when the machine has a second core, a few batches ahead
    /// of the reader that transforms and writes them (<see cref="ReadAhead"/>); several files decode on a task each.
    /// </summary>
    public IAsyncEnumerable<(int Part, RecordBatch Records)> ReadAsync(AsyncJob job, IReadOnlyList<object?> targets,
        CancellationToken cancellationToken) =>
        targets.Count > 1 && concurrency > 1 ? ConcurrentAsync(job, targets, cancellationToken)
        : Environment.ProcessorCount > 1 ? SequentialAsync(job, targets, cancellationToken).Ahead(8, cancellationToken)
        : SequentialAsync(job, targets, cancellationToken);

    private async IAsyncEnumerable<(int Part, RecordBatch Records)> SequentialAsync(AsyncJob job, IReadOnlyList<object?> targets,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < targets.Count; i++)
            await foreach (var batch in TargetAsync(job, i, targets[i], cancellationToken).ConfigureAwait(false))
                yield return batch;
    }

    /// <summary>
    /// Several files of one job download at once (up to <c>downloadconcurrency</c>) into one bounded channel: each
    /// file's records keep their order, files interleave, and memory stays bounded by the channel. Records cross the
    /// channel in the batches they were decoded in, so the reader is not woken once per record.
    /// </summary>
    private async IAsyncEnumerable<(int Part, RecordBatch Records)> ConcurrentAsync(AsyncJob job, IReadOnlyList<object?> targets,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<(int, RecordBatch)>(new BoundedChannelOptions(8) { SingleReader = true });
        using var gate = new SemaphoreSlim(concurrency);
        var producers = targets.Select((target, index) => Task.Run(async () =>
        {
            await gate.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                await foreach (var batch in TargetAsync(job, index, target, stop.Token).ConfigureAwait(false))
                    await channel.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }, CancellationToken.None)).ToList();
        _ = Task.WhenAll(producers).ContinueWith(
            done => channel.Writer.TryComplete(done.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return batch;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await Task.WhenAll(producers).ConfigureAwait(false); }
            catch (Exception) { /* the first failure already ended the channel */ }
        }
    }

    private async IAsyncEnumerable<(int Part, RecordBatch Records)> TargetAsync(AsyncJob job, int index, object? target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Publish(new DownloadStarted(Now, Step.DownloadOf(job.JobId), job.Ref(context.StreamName), index, Values.PythonText.Str(target)));
        long count = 0;
        var saved = job.SavedRecords.GetValueOrDefault(index);
        if (saved > 0)
            Publish(new JobWarning(Now, Step.DownloadOf(job.JobId), job.Ref(context.StreamName),
                $"download {index + 1} of job {job.JobId}: {saved} record(s) were saved before the read stopped; skipping them"));
        await foreach (var batch in steps.DownloadAsync(job, index, target, context,
            message => Publish(new JobWarning(Now, Step.DownloadOf(job.JobId), job.Ref(context.StreamName), message)), cancellationToken, saved).ConfigureAwait(false))
        {
            count += batch.Count;
            yield return (index, batch);
        }
        Publish(new DownloadFinished(Now, Step.DownloadOf(job.JobId), job.Ref(context.StreamName), index, count));
    }

    private DateTimeOffset Now => context.Time.GetUtcNow();

    private void Publish(RunEvent runEvent)
    {
        if (context.Events.IsEnabled) context.Events.Publish(runEvent);
    }
}
