using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// Unify-style bulk query jobs: API key; <c>POST .../objects/{object}/query-jobs</c> -> <c>{"job_id"}</c>; status
/// CREATED -> PENDING -> RUNNING -> FINISHED; results paged as <c>{"total","page","page_size","data":[...]}</c>
/// (pages from 1; a short or empty page ends them).
/// </summary>
internal sealed class BulkQueryFamily(JobEndpoints jobs) : ISimulatorFamily
{
    public const int MaxPageSize = 2000;
    private const string Base = "/data/v1/objects/{object}/query-jobs";
    private static readonly StatusVocabulary Statuses = new(["CREATED", "PENDING", "RUNNING"], "FINISHED", "FAILED", "CANCELED", "PAUSED");
    private static readonly CompaniesSchema Schema = new();

    public string Name => SimFamily.BulkQuery;

    public IReadOnlyList<string> Routes { get; } =
    [
        $"POST   {Base}                      create (API key), any JSON body -> {{\"job_id\"}}",
        $"GET    {Base}/{{id}}                 status CREATED | PENDING | RUNNING | FINISHED | FAILED | CANCELED",
        $"GET    {Base}/{{id}}/results?page=&page_size=   {{\"data\":[...]}}, pages from 1, page_size <= {MaxPageSize}",
        $"POST   {Base}/{{id}}/cancel          abort",
        $"DELETE {Base}/{{id}}                 delete",
        "       also under /data/v1/events/query-jobs, /sequences/v1/enrollments/query-jobs, /sequences/v1/enrollment-steps/query-jobs",
    ];

    /// <summary>
    /// Unify's other query-job resources (events, sequence enrollments and their steps), served like an object whose
    /// name is the last path segment, so the real manifest's <c>{{ parameters['resource'] }}/query-jobs</c> URLs work.
    /// </summary>
    private static readonly (string Base, string Object)[] Aliases =
    [
        ("/data/v1/events/query-jobs", "events"),
        ("/sequences/v1/enrollments/query-jobs", "enrollments"),
        ("/sequences/v1/enrollment-steps/query-jobs", "enrollment-steps"),
    ];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Base, (Delegate)CreateAsync);
        routes.MapGet(Base + "/{id}", (HttpContext http, string id) => jobs.Poll(http, Credential.ApiKey, Name, id, Statuses, Status));
        routes.MapGet(Base + "/{id}/results", (Delegate)ResultsAsync);
        routes.MapPost(Base + "/{id}/cancel", (HttpContext http, string id) => jobs.Abort(http, Credential.ApiKey, Name, id, Statuses, Status));
        routes.MapDelete(Base + "/{id}", (HttpContext http, string id) => jobs.Delete(http, Credential.ApiKey, Name, id));
        foreach (var (alias, obj) in Aliases)
        {
            routes.MapPost(alias, (Delegate)((HttpContext http) => CreateAsync(http, obj)));
            routes.MapGet(alias + "/{id}", (HttpContext http, string id) => jobs.Poll(http, Credential.ApiKey, Name, id, Statuses, Status));
            routes.MapGet(alias + "/{id}/results", (Delegate)((HttpContext http, string id, int? page, int? page_size) => ResultsAsync(http, obj, id, page, page_size)));
            routes.MapPost(alias + "/{id}/cancel", (HttpContext http, string id) => jobs.Abort(http, Credential.ApiKey, Name, id, Statuses, Status));
            routes.MapDelete(alias + "/{id}", (HttpContext http, string id) => jobs.Delete(http, Credential.ApiKey, Name, id));
        }
    }

    public Dataset DatasetFor(IQueryCollection query, Knobs knobs)
    {
        var obj = query["object"].ToString();
        if (obj.Length == 0) throw new KnobException("object is required");
        return Data(obj, knobs);
    }

    private Dataset Data(string obj, Knobs knobs) => new(Schema, jobs.Context.Options.Seed, obj, knobs.Rows) { Label = obj };

    private async Task<IResult> CreateAsync(HttpContext http, string @object)
    {
        if (jobs.Guard.Authorize(http, Credential.ApiKey) is { } denied) return denied;
        string body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            body = document.RootElement.GetRawText();
        }
        catch (JsonException e)
        {
            return RequestGuard.BadRequest("body must be JSON: " + e.Message);
        }

        // The job's files are its result pages; one "file" carries the row range so downloads share the machinery.
        return jobs.Create(http, Name, Credential.ApiKey, @object + "|" + body,
            (_, knobs) => [new GeneratedFile(Data(@object, knobs), 0, knobs.Rows, FileFormats.Jsonl, FileFormats.None, "results.jsonl")],
            job => Results.Json(new { job_id = job.Id, status = Statuses.Running[0] }));
    }

    private async Task ResultsAsync(HttpContext http, string @object, string id, int? page, int? page_size)
    {
        var size = page_size ?? 100;
        var number = page ?? 1;
        var dataset = (Dataset?)null;
        var outcome = jobs.OnJob(http, Credential.ApiKey, Name, id, SimOperation.Download, job =>
        {
            if (job.Phase != JobPhase.Completed) return Results.Json(new { errors = new[] { new { message = "job is not finished" } } }, statusCode: 409);
            if (size is < 1 or > MaxPageSize || number < 1) return RequestGuard.BadRequest($"page must be >= 1 and page_size within 1..{MaxPageSize}");
            dataset = job.Files[0].Dataset;
            return Results.Empty;
        });
        if (dataset is null)
        {
            await outcome.ExecuteAsync(http);
            return;
        }

        var first = (long)(number - 1) * size;
        var count = Math.Clamp(dataset.Rows - first, 0, size);
        jobs.Context.Stats.ResultPageServed();
        await JsonRecords.WriteEnvelopeAsync(http, dataset, first, count, jobs.Context.Stats, w =>
        {
            w.WriteNumber("total", dataset.Rows);
            w.WriteNumber("page", number);
            w.WriteNumber("page_size", size);
        }, "data");
    }

    private static IResult Status(SimJob job, string status) => Results.Json(new
    {
        job_id = job.Id,
        status,
        created_at = job.CreatedAt,
        total = job.Phase == JobPhase.Completed ? job.Knobs.Rows : (long?)null,
        error = job.Phase == JobPhase.Failed ? "simulated failure" : null,
    });
}
