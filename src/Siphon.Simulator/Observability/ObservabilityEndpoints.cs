using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// Test-only endpoints (no auth): <c>/__stats</c>, <c>/__expected</c> and <c>/__routes</c>.
/// <c>/__expected?job=ID</c> covers every record of the job's files (or result pages);
/// <c>/__expected?family=F&amp;...</c> rebuilds the data a create request would produce (knobs from the usual layers,
/// so <c>sim.rows=</c> works) plus family parameters: reports need reportType, startDate, endDate; bulkQuery needs
/// object; segments need segment; lists take updated_after / updated_before.
/// </summary>
internal sealed class ObservabilityEndpoints(SimulatorContext context, IReadOnlyList<ISimulatorFamily> families, Func<IReadOnlyList<string>> routes)
{
    public IReadOnlyList<string> Routes { get; } =
    [
        "GET    /__stats                            counters and per-job status history (no auth)",
        "GET    /__expected?job={id}                {\"records\",\"checksum\"} of a job's files",
        "GET    /__expected?family={name}&...       same, for the data a create request would produce",
        "GET    /__routes                           this list",
    ];

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/__stats", () => Results.Json(context.Stats.Snapshot(context.Jobs, context.Now)));
        app.MapGet("/__routes", () => Results.Text(string.Join('\n', routes()) + "\n"));
        app.MapGet("/__expected", (HttpContext http) =>
        {
            try
            {
                return Results.Json(Expected(http.Request, http.RequestAborted));
            }
            catch (KnobException e)
            {
                return RequestGuard.BadRequest(e.Message);
            }
            catch (KeyNotFoundException e)
            {
                return Results.Json(new { errors = new[] { new { message = e.Message } } }, statusCode: 404);
            }
        });
    }

    public ExpectedRecords ExpectedForJob(string jobId, CancellationToken ct)
    {
        var job = context.Jobs.FindIncludingDeleted(jobId) ?? throw new KeyNotFoundException($"job {jobId} not found");
        var dataset = job.Files[0].Dataset;
        return dataset.Expected(0, dataset.Rows, ct);
    }

    private ExpectedRecords Expected(HttpRequest request, CancellationToken ct)
    {
        var query = request.Query;
        if (query["job"].ToString() is { Length: > 0 } job) return ExpectedForJob(job, ct);
        var name = query["family"].ToString();
        var family = families.FirstOrDefault(f => f.Name == name)
            ?? throw new KnobException($"give job= or family= (one of {string.Join(", ", families.Select(f => f.Name))})");
        var knobs = context.KnobsFor(name, request);
        var dataset = family.DatasetFor(query, knobs);
        if (name == SimFamily.Lists)
        {
            var window = ListsFamily.WindowFor(query, dataset.Rows);
            return dataset.Expected(window.First, window.Count, ct);
        }

        return dataset.Expected(0, dataset.Rows, ct);
    }
}
