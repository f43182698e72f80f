using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>
/// The create / poll / abort / delete steps every job family shares; families supply only their wire format.
/// Order of checks: credential (401), knobs (400), injected faults (429/5xx), job lookup (404), concurrency (429).
/// </summary>
internal sealed class JobEndpoints(SimulatorContext context)
{
    public RequestGuard Guard { get; } = new(context);

    public SimulatorContext Context => context;

    public delegate IReadOnlyList<GeneratedFile> FilesFactory(string jobId, Knobs knobs);

    public IResult Create(HttpContext http, string family, Credential credential, string jobKey, FilesFactory files, Func<SimJob, IResult> respond)
    {
        if (Guard.Authorize(http, credential) is { } denied) return denied;
        Knobs knobs;
        try
        {
            knobs = context.KnobsFor(family, http.Request);
        }
        catch (KnobException e)
        {
            return RequestGuard.BadRequest(e.Message);
        }

        if (Guard.InjectFaults(http, knobs, SimOperation.Create, context.CountFamilyCall(family, SimOperation.Create)) is { } fault) return fault;

        var job = context.Jobs.TryCreate(family, jobKey, knobs, id => files(id, knobs));
        if (job is null)
        {
            context.Stats.ConcurrencyRejected();
            return RequestGuard.TooManyRequests(http, knobs, $"too many concurrent jobs (limit {knobs.MaxConcurrentJobs})");
        }

        context.Stats.JobCreated();
        return respond(job);
    }

    /// <summary>
    /// Applies the operation's faults (with the job's knobs, or the family's for an unknown job: an outage does not
    /// look up jobs first), finds the job, then runs <paramref name="action"/> under the job's gate.
    /// </summary>
    public IResult OnJob(HttpContext http, Credential credential, string family, string id, string operation, Func<SimJob, IResult> action)
    {
        if (Guard.Authorize(http, credential) is { } denied) return denied;
        var job = context.Jobs.Find(id) is { } found && found.Family == family ? found : null;
        var knobs = job?.Knobs ?? context.FamilyKnobs(family);
        if (Guard.InjectFaults(http, knobs, operation, context.CountFamilyCall(family, operation)) is { } fault) return fault;
        if (job is null) return RequestGuard.NotFound("job " + id);

        lock (job.Gate)
        {
            return action(job);
        }
    }

    public IResult Poll(HttpContext http, Credential credential, string family, string id, StatusVocabulary statuses, Func<SimJob, string, IResult> respond) =>
        OnJob(http, credential, family, id, SimOperation.Poll, job =>
        {
            var phase = JobLifecycle.Poll(job, context.Now);
            var status = statuses.For(phase, job.Polls, job.Knobs.UnknownStatus);
            job.Record(status, context.Now);
            context.Stats.Polled();
            return respond(job, status);
        });

    public IResult Abort(HttpContext http, Credential credential, string family, string id, StatusVocabulary statuses, Func<SimJob, string, IResult> respond) =>
        OnJob(http, credential, family, id, SimOperation.Abort, job =>
        {
            JobLifecycle.Abort(job, context.Now);
            context.Stats.Aborted();
            return respond(job, statuses.For(job.Phase, job.Polls, unknown: false));
        });

    public IResult Delete(HttpContext http, Credential credential, string family, string id) =>
        OnJob(http, credential, family, id, SimOperation.Delete, job =>
        {
            job.MarkDeleted();
            job.Record("deleted", context.Now);
            context.Stats.Deleted();
            return Results.NoContent();
        });

    /// <summary>Fresh presigned URLs for every file of a completed job (each call issues new nonces).</summary>
    public IReadOnlyList<string> FileUrls(HttpContext http, SimJob job)
    {
        if (job.Knobs.StaticFilesUrl is { } files) return Enumerable.Range(0, job.Files.Count).Select(i => files + i).ToArray();
        var baseUrl = SimulatorContext.BaseUrl(http.Request);
        var expires = job.Knobs.UrlTtlSeconds is { } ttl ? context.Now.AddSeconds(ttl).ToUnixTimeSeconds() : 0;
        return Enumerable.Range(0, job.Files.Count)
            .Select(i => context.Signer.FileUrl(baseUrl, job.Id, i, job.NextNonce(), expires))
            .ToArray();
    }

    /// <summary>Splits a dataset's rows evenly over <paramref name="count"/> files.</summary>
    public static IReadOnlyList<GeneratedFile> Split(Dataset dataset, int count, string format, string compression, string namePrefix)
    {
        var files = new GeneratedFile[count];
        for (var i = 0; i < count; i++)
        {
            var first = dataset.Rows * i / count;
            var next = dataset.Rows * (i + 1) / count;
            files[i] = new GeneratedFile(dataset, first, next - first, format, compression, $"{namePrefix}-{i + 1}.{format}");
        }

        return files;
    }
}
