using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// The asynchronous request-reply pattern: create answers 202 with <c>Location</c> (the status URL) and
/// <c>Retry-After</c>; the status URL answers 202 while running and 303 See Other to the presigned result when done.
/// One result file (JSON array by default).
/// </summary>
internal sealed class RequestReplyFamily(JobEndpoints jobs) : ISimulatorFamily
{
    private const string Base = "/async/exports";
    private static readonly StatusVocabulary Statuses = new(["NotStarted", "Running"], "Succeeded", "Failed", "Canceled", "Suspended");
    private static readonly OrdersSchema Schema = new();

    public string Name => SimFamily.RequestReply;

    public IReadOnlyList<string> Routes { get; } =
    [
        $"POST   {Base}                create (Bearer) -> 202 Location: status URL, Retry-After",
        $"GET    {Base}/{{id}}/status    202 {{status: NotStarted|Running}} + Retry-After; 303 See Other -> result; 200 Failed|Canceled",
        $"POST   {Base}/{{id}}/cancel    abort",
        $"DELETE {Base}/{{id}}           delete",
    ];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Base, (HttpContext http) => jobs.Create(http, Name, Credential.Bearer, "orders", Files, job =>
        {
            http.Response.Headers.Location = StatusUrl(http, job);
            http.Response.Headers.RetryAfter = job.Knobs.PollIntervalSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { id = job.Id, status = Statuses.Running[0] }, statusCode: 202);
        }));
        routes.MapGet(Base + "/{id}/status", (HttpContext http, string id) => jobs.Poll(http, Credential.Bearer, Name, id, Statuses, (job, status) => Status(http, job, status)));
        routes.MapPost(Base + "/{id}/cancel", (HttpContext http, string id) => jobs.Abort(http, Credential.Bearer, Name, id, Statuses, (job, status) => Status(http, job, status)));
        routes.MapDelete(Base + "/{id}", (HttpContext http, string id) => jobs.Delete(http, Credential.Bearer, Name, id));
    }

    public Dataset DatasetFor(IQueryCollection query, Knobs knobs) => new(Schema, jobs.Context.Options.Seed, "orders", knobs.Rows);

    private IReadOnlyList<GeneratedFile> Files(string jobId, Knobs knobs) =>
        JobEndpoints.Split(new Dataset(Schema, jobs.Context.Options.Seed, "orders", knobs.Rows), 1,
            knobs.Format ?? FileFormats.Json, knobs.Compression ?? FileFormats.None, "orders");

    private static string StatusUrl(HttpContext http, SimJob job) => $"{SimulatorContext.BaseUrl(http.Request)}{Base}/{job.Id}/status";

    private IResult Status(HttpContext http, SimJob job, string status)
    {
        switch (job.Phase)
        {
            case JobPhase.Completed:
                var result = jobs.FileUrls(http, job)[0];
                http.Response.Headers.Location = result;
                return Results.Json(new { id = job.Id, status, resultUrl = result }, statusCode: 303);
            case JobPhase.Running:
                http.Response.Headers.Location = StatusUrl(http, job);
                http.Response.Headers.RetryAfter = job.Knobs.PollIntervalSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { id = job.Id, status }, statusCode: 202);
            default:
                var error = job.Phase == JobPhase.Failed ? new { code = "ExportFailed", message = "simulated failure" } : null;
                return Results.Json(new { id = job.Id, status, error });
        }
    }
}
