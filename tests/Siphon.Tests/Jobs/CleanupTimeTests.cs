using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Siphon.Http;
using Siphon.Jobs;
using Siphon.Retrieval;
using Siphon.Templates;
using Siphon.Tests.Http.Support;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>Deleting a read job is best effort, bounded by a time limit on the run's clock like every other wait of the engine.</summary>
public sealed class CleanupTimeTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private const string Manifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        streams:
          - name: items
            retriever:
              type: AsyncRetriever
              polling: { initial_interval: PT1S, max_interval: PT1S }
              creation_requester: { url: "{{ config['base_url'] }}/jobs", http_method: POST }
              polling_requester: { url: "{{ config['base_url'] }}/jobs/{{ creation_response['id'] }}" }
              delete_requester: { url: "{{ config['base_url'] }}/jobs/{{ creation_response['id'] }}", http_method: DELETE }
              download_requester: { url: "{{ download_target }}" }
              status_extractor: { field_path: [status] }
              status_mapping: { running: [running], completed: [done], failed: [failed], timeout: [] }
              download_target_extractor: { field_path: [urls] }
              record_selector: { extractor: { field_path: [] } }
              download_decoder: { type: JsonlDecoder }
        """;

    [Fact]
    public async Task Read_DeleteThatNeverAnswers_GivesUpWhenTheRunsClockPassesTheCleanupTime()
    {
        server.Reset(async context =>
        {
            var path = context.Request.Path.Value!;
            if (path == "/jobs") await context.Response.WriteAsync("""{"id":"1"}""");
            else if (path == "/jobs/1" && context.Request.Method == "DELETE") await Task.Delay(Timeout.Infinite, context.RequestAborted);
            else if (path == "/jobs/1") await context.Response.WriteAsync($$"""{"status":"done","urls":["{{server.BaseUrl}}/file"]}""");
            else await context.Response.WriteAsync("{\"id\":1}\n");
        });
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var events = new AsyncHarness.EventLog();
        using var session = new HttpSession(events: events, time: time);
        var context = new RetrievalContext
        {
            StreamName = "items",
            Session = session,
            Scope = new TemplateScope(new Dictionary<string, object?> { ["config"] = (Dictionary<string, object?>)JsonValues.Parse($$"""{"base_url":"{{server.BaseUrl}}"}""")! }),
            JobBudget = new JobBudget(1),
        };

        var wall = Stopwatch.StartNew();
        var read = AsyncHarness.ReadAsync(AsyncHarness.Build(Manifest), context);
        while (!read.IsCompleted && wall.Elapsed < TimeSpan.FromSeconds(30))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
        var result = await read;

        Assert.Single(result.Records);
        Assert.False(Assert.Single(events.Of<JobDeleted>()).Succeeded);
        // On the wall clock the delete would have held the read for the whole cleanup time (10 s).
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(8), $"the read took {wall.Elapsed.TotalSeconds:0.0} s of real time");
    }
}
