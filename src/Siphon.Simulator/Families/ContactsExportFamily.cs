using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// SendGrid-like contacts export: bearer token; create answers 202 <c>{"id"}</c>; the status answers
/// <c>pending</c> until <c>ready</c> with fresh presigned <c>urls</c>; gzip CSV with upper-case columns.
/// </summary>
internal sealed class ContactsExportFamily(JobEndpoints jobs) : ISimulatorFamily
{
    private const string Base = "/v3/marketing/contacts/exports";
    private static readonly StatusVocabulary Statuses = new(["pending"], "ready", "failed", "cancelled", "queued_for_review");
    private static readonly ContactsSchema Schema = new();

    public string Name => SimFamily.Contacts;

    public IReadOnlyList<string> Routes { get; } =
    [
        $"POST   {Base}                 create an export (Bearer) -> 202 {{\"id\"}}",
        $"GET    {Base}/{{id}}            status pending | ready (+urls) | failed | cancelled",
        $"POST   {Base}/{{id}}/cancel     abort",
        $"DELETE {Base}/{{id}}            delete",
    ];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Base, (HttpContext http) => jobs.Create(http, Name, Credential.Bearer, "contacts", Files, job =>
            Results.Json(new { id = job.Id, _metadata = new { self = $"{SimulatorContext.BaseUrl(http.Request)}{Base}/{job.Id}" } }, statusCode: 202)));
        routes.MapGet(Base + "/{id}", (HttpContext http, string id) => jobs.Poll(http, Credential.Bearer, Name, id, Statuses, (job, status) => Status(http, job, status)));
        routes.MapPost(Base + "/{id}/cancel", (HttpContext http, string id) => jobs.Abort(http, Credential.Bearer, Name, id, Statuses, (job, status) => Status(http, job, status)));
        routes.MapDelete(Base + "/{id}", (HttpContext http, string id) => jobs.Delete(http, Credential.Bearer, Name, id));
    }

    public Dataset DatasetFor(IQueryCollection query, Knobs knobs) => new(Schema, jobs.Context.Options.Seed, "all", knobs.Rows);

    private IReadOnlyList<GeneratedFile> Files(string jobId, Knobs knobs) =>
        JobEndpoints.Split(new Dataset(Schema, jobs.Context.Options.Seed, "all", knobs.Rows), knobs.Files,
            knobs.Format ?? FileFormats.Csv, knobs.Compression ?? FileFormats.Gzip, "contacts");

    private IResult Status(HttpContext http, SimJob job, string status) => Results.Json(new
    {
        id = job.Id,
        status,
        export_type = "contacts_export",
        created_at = job.CreatedAt,
        urls = job.Phase == JobPhase.Completed ? jobs.FileUrls(http, job) : null,
        contact_count = job.Phase == JobPhase.Completed ? job.Knobs.Rows : (long?)null,
        message = job.Phase == JobPhase.Failed ? "export failed (simulated)" : null,
    });
}
