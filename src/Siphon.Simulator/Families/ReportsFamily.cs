using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// Ads-style reports (Amazon Ads / Bing): API-key header; create with a JSON body (report type, date window,
/// optional format and compression); nested status <c>data.state</c> QUEUED -> PROCESSING -> GENERATING ->
/// COMPLETED; a separate download-target request lists the presigned URLs of several files.
/// </summary>
internal sealed class ReportsFamily(JobEndpoints jobs) : ISimulatorFamily
{
    private const string Base = "/reporting/reports";
    private static readonly StatusVocabulary Statuses = new(["QUEUED", "PROCESSING", "GENERATING"], "COMPLETED", "FAILED", "CANCELLED", "PENDING_REVIEW");
    private static readonly ReportSchema Schema = new();

    public string Name => SimFamily.Reports;

    public IReadOnlyList<string> Routes { get; } =
    [
        $"POST   {Base}                  create (API key) body {{reportType,startDate,endDate[,format,compression]}} -> {{\"reportId\"}}",
        $"GET    {Base}/{{id}}             status in data.state: QUEUED | PROCESSING | GENERATING | COMPLETED | FAILED | CANCELLED",
        $"GET    {Base}/{{id}}/document    download target -> {{\"data\":{{\"urls\":[...]}}}}",
        $"POST   {Base}/{{id}}/cancel      abort",
        $"DELETE {Base}/{{id}}             delete",
    ];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(Base, (Delegate)CreateAsync);
        routes.MapGet(Base + "/{id}", (HttpContext http, string id) => jobs.Poll(http, Credential.ApiKey, Name, id, Statuses, Status));
        routes.MapGet(Base + "/{id}/document", (HttpContext http, string id) => jobs.OnJob(http, Credential.ApiKey, Name, id, SimOperation.DownloadTarget, job =>
        {
            if (job.Phase != JobPhase.Completed) return Results.Json(new { errors = new[] { new { message = "report is not completed" } } }, statusCode: 409);
            jobs.Context.Stats.DownloadTargetRequested();
            var urls = jobs.FileUrls(http, job);
            return Results.Json(new { data = new { documentId = job.Id, urls, files = urls.Select((u, i) => new { url = u, name = job.Files[i].EntryName }) } });
        }));
        routes.MapPost(Base + "/{id}/cancel", (HttpContext http, string id) => jobs.Abort(http, Credential.ApiKey, Name, id, Statuses, Status));
        routes.MapDelete(Base + "/{id}", (HttpContext http, string id) => jobs.Delete(http, Credential.ApiKey, Name, id));
    }

    public Dataset DatasetFor(IQueryCollection query, Knobs knobs)
    {
        var body = JsonSerializer.SerializeToElement(new
        {
            reportType = query["reportType"].ToString(),
            startDate = query["startDate"].ToString(),
            endDate = query["endDate"].ToString(),
        });
        return Data(ReportRequest.Parse(body), knobs);
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        if (jobs.Guard.Authorize(http, Credential.ApiKey) is { } denied) return denied;
        ReportRequest request;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            request = ReportRequest.Parse(body.RootElement);
        }
        catch (Exception e) when (e is JsonException or KnobException)
        {
            return RequestGuard.BadRequest(e.Message);
        }

        return jobs.Create(http, Name, Credential.ApiKey, request.Key, (id, knobs) => JobEndpoints.Split(
                Data(request, knobs), knobs.Files, request.Format ?? knobs.Format ?? FileFormats.Csv,
                request.Compression ?? knobs.Compression ?? FileFormats.Gzip, $"{request.ReportType}-{id[..8]}"),
            job => Results.Json(new { reportId = job.Id, status = "QUEUED" }));
    }

    private Dataset Data(ReportRequest request, Knobs knobs) =>
        new(Schema, jobs.Context.Options.Seed, request.Key, knobs.Rows)
        {
            Label = request.ReportType,
            WindowStart = request.StartDate,
            WindowDays = request.Days,
        };

    private static IResult Status(SimJob job, string status) => Results.Json(new
    {
        data = new
        {
            reportId = job.Id,
            state = status,
            createdAt = job.CreatedAt,
            fileCount = job.Files.Count,
            format = job.Files[0].Format,
            compression = job.Files[0].Compression,
            failureReason = job.Phase == JobPhase.Failed ? "simulated failure" : null,
        },
    });
}
