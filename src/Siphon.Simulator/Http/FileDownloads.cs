using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// <c>GET /files/{job}/{file}</c>: the presigned download every export family points to. Checks the signature and
/// expiry (403, S3 style), applies the download faults, honours Range when enabled, then streams the file.
/// </summary>
internal sealed class FileDownloads(JobEndpoints endpoints)
{
    public const string Route = "/files/{jobId}/{file:int}";

    private SimulatorContext Context => endpoints.Context;

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet(Route, HandleAsync);

    private async Task HandleAsync(HttpContext http, string jobId, int file)
    {
        var plan = Plan(http, jobId, file);
        if (plan.Result is not null)
        {
            await plan.Result.ExecuteAsync(http);
            return;
        }

        if (plan.Faulty && plan.Job!.Knobs.BodyFault is { } bodyFault)
        {
            await FaultyBody.WriteAsync(http, bodyFault, plan.File!, Context.Stats);
            return;
        }

        await new FileStreamer(Context, http, plan.Job!, plan.File!, plan.Start, plan.End, plan.Faulty).RunAsync();
    }

    private DownloadPlan Plan(HttpContext http, string jobId, int file)
    {
        var job = Context.Jobs.Find(jobId);
        if (job is null || file < 0 || file >= job.Files.Count) return DownloadPlan.Fail(RequestGuard.NotFound("file"));
        var query = http.Request.Query;
        string nonce = query["nonce"].ToString(), expires = query["expires"].ToString(), sig = query["sig"].ToString();
        if (!Context.Signer.Verify(jobId, file, nonce, expires, sig)) return DownloadPlan.Fail(Denied("SignatureDoesNotMatch", "The request signature does not match."));
        if (long.TryParse(expires, CultureInfo.InvariantCulture, out var until) && until > 0 && Context.Now.ToUnixTimeSeconds() >= until)
        {
            return DownloadPlan.Fail(Denied("AccessDenied", "Request has expired"));
        }

        ByteRange? range;
        bool faulty;
        long? cachedLength;
        lock (job.Gate)
        {
            if (job.Phase != JobPhase.Completed) return DownloadPlan.Fail(RequestGuard.NotFound("file"));
            if (endpoints.Guard.InjectFaults(http, job.Knobs, SimOperation.Download, Context.CountFamilyCall(job.Family, SimOperation.Download)) is { } fault)
            {
                return DownloadPlan.Fail(fault);
            }

            // After the faults: a URL that met a 503 has not been used.
            if (job.Knobs.ExpireUrlsAfterUse && !job.UseNonce(nonce)) return DownloadPlan.Fail(Denied("AccessDenied", "Request has expired"));
            faulty = job.CountFileAttempt(file, Context.Now) <= job.Knobs.DownloadFaultAttempts;
            range = job.Knobs.RangeSupport ? ByteRange.Parse(http.Request.Headers.Range.ToString()) : null;
            cachedLength = job.CachedLength(file);
        }

        Context.Stats.DownloadStarted();
        var generated = job.Files[file];
        if (job.Knobs.RangeSupport) http.Response.Headers.AcceptRanges = "bytes";
        if (range is null) return new DownloadPlan(null, job, generated, 0, null, faulty);

        // Content-Range needs the total length: generate the file once into a counter (memory stays flat; outside the
        // job's lock, since a big file takes a while) and cache it for later resumes.
        var total = cachedLength ?? generated.MeasureLength(http.RequestAborted);
        lock (job.Gate)
        {
            job.CacheLength(file, total);
        }

        var (start, endInclusive) = (range.Value.Start, Math.Min(range.Value.EndInclusive ?? total - 1, total - 1));
        if (start >= total)
        {
            http.Response.Headers.ContentRange = $"bytes */{total}";
            return DownloadPlan.Fail(Results.StatusCode(416));
        }

        http.Response.Headers.ContentRange = $"bytes {start}-{endInclusive}/{total}";
        return new DownloadPlan(null, job, generated, start, endInclusive + 1, faulty);
    }

    private static IResult Denied(string code, string message) => Results.Text(
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>",
        "application/xml", statusCode: 403);

    private sealed record DownloadPlan(IResult? Result, SimJob? Job, GeneratedFile? File, long Start, long? End, bool Faulty)
    {
        public static DownloadPlan Fail(IResult result) => new(result, null, null, 0, null, false);
    }
}
