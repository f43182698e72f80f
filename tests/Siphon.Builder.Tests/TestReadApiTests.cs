using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siphon.Simulator;
using Siphon.Tests.Testing;

namespace Siphon.Builder.Tests;

/// <summary>The test-read API over real HTTP on 127.0.0.1, against the simulator.</summary>
public sealed class TestReadApiTests
{
    [Fact]
    public async Task TestRead_AsyncStream_StreamsProgressThenAnswersTheResult()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 30, Files = 1, PollsUntilDone = 2 });
        await using var builder = await BuilderClient.StartAsync();
        var id = await builder.StartTestReadAsync(new
        {
            manifest = TestReadKit.Reports("[campaigns, keywords]"),
            config = TestReadKit.Config(sim, apiKey: true),
            stream = "reports",
            record_limit = 1000,
        });

        var kinds = new List<string>();
        var polls = new List<JsonElement>();
        await builder.ReadEventsAsync(id, (kind, data) =>
        {
            kinds.Add(kind);
            if (kind == "job_polled") polls.Add(data);
            return Task.CompletedTask;
        });
        var result = JsonDocument.Parse(await builder.ResultAsync(id)).RootElement;

        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal(60, result.GetProperty("record_count").GetInt32());
        Assert.Equal(2, kinds.Count(k => k == "job_created"));
        Assert.Equal(6, polls.Count);
        Assert.Contains(polls, p => p.GetProperty("poll").GetInt32() == 3 && p.GetProperty("raw_status").GetString() == "COMPLETED" && p.GetProperty("mapped_status").GetString() == "completed");
        // A running job's poll says when the next poll comes; the final poll does not.
        Assert.All(polls.Where(p => p.GetProperty("mapped_status").GetString() == "running"), p => Assert.True(p.GetProperty("next_poll_seconds").GetDouble() > 0));
        Assert.All(polls.Where(p => p.GetProperty("mapped_status").GetString() == "completed"), p => Assert.False(p.TryGetProperty("next_poll_seconds", out _)));
        Assert.Contains("download_started", kinds);
        Assert.Contains("records", kinds);
        Assert.Equal("finished", kinds[^1]);
        Assert.True(kinds.IndexOf("job_created") < kinds.IndexOf("records"));
        var slice = result.GetProperty("slices")[0];
        Assert.Equal("Async Job -- Create", slice.GetProperty("auxiliary_requests")[0].GetProperty("title").GetString());
        Assert.False(result.GetProperty("test_read_limit_reached").GetBoolean());
    }

    [Fact]
    public async Task Delete_RunningTestRead_StopsItAndAbortsTheProviderJob()
    {
        await using var sim = await TestReadKit.SimulatorAsync(new Knobs { Rows = 10, NeverFinish = true });
        await using var builder = await BuilderClient.StartAsync();
        var id = await builder.StartTestReadAsync(new { manifest = TestReadKit.Reports("[campaigns]"), config = TestReadKit.Config(sim, apiKey: true), stream = "reports" });

        var polled = new TaskCompletionSource();
        var events = builder.ReadEventsAsync(id, (kind, data) =>
        {
            if (kind == "job_polled" && data.GetProperty("poll").GetInt32() >= 2) polled.TrySetResult();
            return Task.CompletedTask;
        });
        await polled.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var watch = Stopwatch.StartNew();
        using var cancel = await builder.Http.DeleteAsync($"api/test-reads/{id}");
        watch.Stop();
        var text = await events;

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        // The job never finishes: only the cancel ends the run. The bound is loose because the full suite shares 2 cores.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the run ended {watch.Elapsed} after the cancel");
        Assert.Equal(1, sim.Stats.JobsAborted);
        Assert.Contains(sim.Stats.Jobs.Single().History, h => h.Status == "aborted");
        Assert.Contains("event: job_aborted", text, StringComparison.Ordinal);
        var result = JsonDocument.Parse(await builder.ResultAsync(id)).RootElement;
        Assert.Equal("cancelled", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_InvalidRequests_AnswerEveryProblem()
    {
        await using var builder = await BuilderClient.StartAsync();

        using var broken = await builder.Http.PostAsync("api/test-reads", Json(new { manifest = "version: 6.5.0\nstreams:\n  - name: x\n    retriever: { type: Nope }\n", stream = "x" }));
        using var limits = await builder.Http.PostAsync("api/test-reads", Json(new { manifest = TestReadKit.Items(), stream = "items", record_limit = 9000, page_limit = 0 }));
        using var unknown = await builder.Http.GetAsync("api/test-reads/nope");

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("\"line\":4", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, limits.StatusCode);
        var errors = await limits.Content.ReadAsStringAsync();
        Assert.Contains("record limit must be between 1 and 5000", errors, StringComparison.Ordinal);
        Assert.Contains("page limit must be between 1 and 20", errors, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ManifestResolveAndValidate_ReferencesResolvedAndProblemsPositioned()
    {
        await using var builder = await BuilderClient.StartAsync();
        const string manifest = """
            version: 6.5.0
            check: { stream_names: [items] }
            definitions:
              base: { url: "https://example.com/{{ parameters['path'] }}" }
            streams:
              - name: items
                $parameters: { path: things }
                retriever:
                  type: SimpleRetriever
                  requester: { $ref: "#/definitions/base" }
                  record_selector: { extractor: { field_path: [] } }
            """;

        using var resolved = await builder.Http.PostAsync("api/manifest/resolve", Json(new { manifest }));
        using var valid = await builder.Http.PostAsync("api/manifest/validate", Json(new { manifest }));
        using var invalid = await builder.Http.PostAsync("api/manifest/validate", Json(new { manifest = manifest.Replace("SimpleRetriever", "SimpleRetreiver", StringComparison.Ordinal) }));

        var resolvedText = await resolved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var requester = JsonDocument.Parse(resolvedText).RootElement.GetProperty("manifest").GetProperty("streams")[0].GetProperty("retriever").GetProperty("requester");
        Assert.Equal("https://example.com/{{ parameters['path'] }}", requester.GetProperty("url").GetString());
        Assert.True(JsonDocument.Parse(await valid.Content.ReadAsStringAsync()).RootElement.GetProperty("valid").GetBoolean());
        var problems = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement;
        Assert.False(problems.GetProperty("valid").GetBoolean());
        var problem = problems.GetProperty("problems")[0];
        Assert.Equal(9, problem.GetProperty("line").GetInt32());
        Assert.Contains("SimpleRetriever", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_AliasesRepeatingALargeString_AnswersTheAliasErrorWithoutExpandingIt()
    {
        await using var builder = await BuilderClient.StartAsync();
        // The 1.1 MB request that made the builder allocate 15 GB.
        var manifest = $"version: 6.5.0\ndefinitions:\n  big: &big {new string('x', 300_000)}\nstreams: [{string.Join(", ", Enumerable.Repeat("*big", 4_000))}]\n";
        var before = GC.GetTotalAllocatedBytes(precise: false);

        using var resolved = await builder.Http.PostAsync("api/manifest/resolve", Json(new { manifest }));
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;

        Assert.Equal(HttpStatusCode.BadRequest, resolved.StatusCode);
        Assert.Contains("alias '*big' makes the manifest expand to more than 32 MB of text", await resolved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 500L << 20);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
