using Siphon.Http;
using Siphon.Jobs;
using Siphon.Runs;
using Siphon.Runs.Protocol;

namespace Siphon.Cli.Commands;

/// <summary>
/// Turns run events into protocol LOG lines: warnings (a retried job, a resumed download) and job progress, redacted.
/// Config updates (a rotated refresh token) become CONTROL messages so the platform saves them.
/// </summary>
internal sealed class ProtocolLogSink(AirbyteMessageWriter writer, SecretRedactor redactor) : IRunEventSink
{
    public bool IsEnabled => true;

    public void Publish(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case JobWarning warning:
                writer.WriteLog("WARN", redactor.Redact($"{warning.Job.Stream}: {warning.Message}"));
                break;
            case JobCreated created:
                writer.WriteLog("INFO", $"{created.Job.Stream}: {(created.Resumed ? "resumed" : "created")} job {created.Job.JobId} for slice {created.Job.Slice} (attempt {created.Job.Attempt})");
                break;
            case JobFinished finished:
                writer.WriteLog("INFO", $"{finished.Job.Stream}: job {finished.Job.JobId} {finished.Status.ToString().ToLowerInvariant()} after polling");
                break;
            case JobAborted aborted:
                writer.WriteLog("WARN", $"{aborted.Job.Stream}: job {aborted.Job.JobId} aborted ({aborted.Reason}){(aborted.Succeeded ? "" : "; the abort request failed")}");
                break;
            case HttpRetryScheduled retry:
                writer.WriteLog("WARN", redactor.Redact($"{retry.Step}: retrying in {retry.Delay.TotalSeconds:0.#} s ({retry.Reason})"));
                break;
            case HttpStillWaiting waiting:
                writer.WriteLog("INFO", redactor.Redact(WaitNotice.Text(waiting)));
                break;
            case PaginationWasReset reset:
                writer.WriteLog("INFO", redactor.Redact($"{reset.Stream}: pagination reset ({reset.Reason}); reading from the first page of slice {reset.Slice}"));
                break;
            case ConfigUpdated update:
                writer.WriteConfigUpdate(update.Config);
                break;
        }
    }
}
