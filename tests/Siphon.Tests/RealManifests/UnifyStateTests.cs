using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using Siphon.Tests.Runs;
using Siphon.Tests.Support;
using Siphon.TestSupport;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.RealManifests;

/// <summary>
/// The real Unify manifest (read in place from the shared folder), its `company` stream incremental on `updated_at`,
/// against a Kestrel stand-in of the Bulk API: create a query job, poll it, page through its results.
/// </summary>
public sealed class UnifyStateTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly DateTimeOffset SyncStart = new(2024, 3, 10, 20, 10, 0, TimeSpan.Zero);

    /// <summary>The companies the export holds, with their updated_at as the API writes it (fractions or not).</summary>
    private static readonly (string Id, string UpdatedAt)[] Companies =
        [("c1", "2024-03-01T08:00:00.250000Z"), ("c2", "2024-03-09T12:30:00Z"), ("c3", "2024-03-10T20:00:00Z")];

    private readonly List<string> _filters = [];

    private void Serve()
    {
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            var path = context.Request.Path.Value ?? "";
            if (context.Request.Method == "POST")
            {
                // The server recorded (and so consumed) the body before this handler runs.
                using var body = JsonDocument.Parse(server.Requests.Last(r => r.Method == "POST").Body);
                var gte = body.RootElement.GetProperty("query").GetProperty("metadata").GetProperty("updated_at").GetProperty("gte").GetString()!;
                lock (_filters) _filters.Add(gte);
                await context.Response.WriteAsync($$"""{"job_id": "job-{{_filters.Count}}", "status": "PENDING"}""");
                return;
            }
            if (path.EndsWith("/results", StringComparison.Ordinal))
            {
                var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
                string since;
                lock (_filters) since = _filters[^1];
                var rows = page == 1 ? Companies.Where(c => DateTimeOffset.Parse(c.UpdatedAt) >= DateTimeOffset.Parse(since)) : [];
                await context.Response.WriteAsync("{\"data\": [" + string.Join(",", rows.Select(c => $$"""{"id": "{{c.Id}}", "updated_at": "{{c.UpdatedAt}}"}""")) + "]}");
                return;
            }
            await context.Response.WriteAsync("""{"status": "FINISHED", "job_id": "job"}""");
        });
    }

    private async Task<CollectingOutput> ReadCompanyAsync(Dictionary<string, object?>? state)
    {
        var loaded = await ConnectorLoader.LoadAsync(Path.Combine(RepositoryPaths.RealManifests, "unify", "manifest.yaml"), CancellationToken.None);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var output = new CollectingOutput();
        using var session = new HttpSession(time: new FastForwardClock(SyncStart));
        var config = Json($$"""{"api_key": "k", "base_url": "{{server.BaseUrl}}", "start_date": "2024-01-01T00:00:00Z", "page_size": 100, "poll_timeout_minutes": 5}""");
        var summary = await new SourceReader(loaded.Definition!, session, new ReadOptions())
            .ReadAsync(config, [new StreamReadRequest("company", state)], output, CancellationToken.None);
        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures.Select(f => $"{f.Stream}: {f.Error}")));
        return output;
    }

    [RealManifestsFact]
    public async Task Read_UnifyCompany_EndsWithTheNewestUpdatedAtReadLikeTheReference()
    {
        Serve();

        var output = await ReadCompanyAsync(null);

        Assert.Equal(3, output.Records().Count());
        // The reference ends with the newest updated_at read, in the cursor's datetime_format; not the sync's start.
        Assert.Equal("""{"updated_at":"2024-03-10T20:00:00Z"}""", JsonValues.ToJson(StateWithoutJobs(output.LastState("company")!)));
    }

    [RealManifestsFact]
    public async Task Read_UnifyCompanyResumed_FiltersFromTheStateSoARecordUpdatedDuringTheExportIsNotLost()
    {
        Serve();
        var state = Json("""{"updated_at": "2024-03-09T12:30:00Z"}""");

        var output = await ReadCompanyAsync(state);

        Assert.Equal(["2024-03-09T12:30:00Z"], _filters);
        Assert.Equal(["c2", "c3"], output.Records().Field("id"));
        Assert.Equal("""{"updated_at":"2024-03-10T20:00:00Z"}""", JsonValues.ToJson(StateWithoutJobs(output.LastState("company")!)));
    }

    /// <summary>The state without Siphon's durable-job additions (which the reference ignores).</summary>
    private static Dictionary<string, object?> StateWithoutJobs(Dictionary<string, object?> state) =>
        state.Where(e => e.Key != "async_jobs").ToDictionary(e => e.Key, e => e.Value);
}
