using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// App Store Connect analytics report segments: no job is created by the client; <c>GET
/// /v1/analyticsReportSegments/{id}</c> (bearer) is both the "poll" and the download target, answering a JSON:API
/// resource whose <c>attributes.url</c> is a fresh presigned URL to a gzip TSV. Any segment id exists; its rows derive
/// from the id. The first request for an id registers it as a (completed) job with that request's knobs.
/// </summary>
internal sealed class SegmentsFamily(JobEndpoints jobs) : ISimulatorFamily
{
    private const string Base = "/v1/analyticsReportSegments";
    private const string ResourceType = "analyticsReportSegments";
    private static readonly SegmentSchema Schema = new();

    public string Name => SimFamily.Segments;

    public IReadOnlyList<string> Routes { get; } =
    [
        $"GET    {Base}/{{id}}   (Bearer) {{\"data\":{{\"type\":\"{ResourceType}\",\"id\",\"attributes\":{{\"url\"}}}}}} -> gzip TSV",
    ];

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet(Base + "/{id}", (HttpContext http, string id) =>
    {
        if (jobs.Guard.Authorize(http, Credential.Bearer) is { } denied) return denied;
        if (jobs.Context.Jobs.FindIncludingDeleted(id) is null)
        {
            Knobs knobs;
            try
            {
                knobs = jobs.Context.KnobsFor(Name, http.Request);
            }
            catch (KnobException e)
            {
                return RequestGuard.BadRequest(e.Message);
            }

            // A segment is ready as soon as it exists; it never takes a concurrency slot.
            var created = jobs.Context.Jobs.TryCreate(Name, id, knobs with { MaxConcurrentJobs = 0 }, _ => Files(id, knobs), fixedId: id, JobPhase.Completed);
            if (created is not null)
            {
                lock (created.Gate)
                {
                    created.Record(ResourceType, jobs.Context.Now);
                }

                jobs.Context.Stats.JobCreated();
            }
        }

        return jobs.OnJob(http, Credential.Bearer, Name, id, SimOperation.DownloadTarget, job =>
        {
            jobs.Context.Stats.DownloadTargetRequested();
            var url = jobs.FileUrls(http, job)[0];
            return Results.Json(new
            {
                data = new
                {
                    type = ResourceType,
                    id = job.Id,
                    attributes = new { checksum = (string?)null, sizeInBytes = (long?)null, url },
                    links = new { self = $"{SimulatorContext.BaseUrl(http.Request)}{Base}/{job.Id}" },
                },
            });
        });
    });

    public Dataset DatasetFor(IQueryCollection query, Knobs knobs)
    {
        var segment = query["segment"].ToString();
        if (segment.Length == 0) throw new KnobException("segment is required");
        return Data(segment, knobs);
    }

    private Dataset Data(string segment, Knobs knobs) => new(Schema, jobs.Context.Options.Seed, segment, knobs.Rows);

    private IReadOnlyList<GeneratedFile> Files(string segment, Knobs knobs) =>
        JobEndpoints.Split(Data(segment, knobs), 1, knobs.Format ?? FileFormats.Tsv, knobs.Compression ?? FileFormats.Gzip, "segment");
}
