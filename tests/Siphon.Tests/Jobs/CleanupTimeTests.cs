using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Siphon.Http;
using Siphon.Jobs;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Templates;
using Siphon.Tests.Http.Support;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>
/// Cleaning up at the provider: deleting a read job is best effort, bounded by a time limit on the run's clock like
/// every other wait of the engine, and a failed read leaves nothing behind that it created and will not read.
/// </summary>
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
              creation_requester: { url: "{{ config['base_url'] }}/jobs", http_method: POST, request_parameters: { s: "{{ stream_partition.s }}" } }
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
        var context = Context(session, budget: 1);

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

    [Fact]
    public async Task Read_FailingWhileAnotherJobsPollIsUnanswered_DeletesThatJobToo()
    {
        // Job "b" finishes at the provider while its poll is still on the way back when the read fails on job "a"'s file:
        // the read never learns it completed, and must not leave it behind.
        var deleted = new ConcurrentBag<string>();
        var bPolled = new TaskCompletionSource();
        server.Reset(async context =>
        {
            var path = context.Request.Path.Value!;
            if (path == "/jobs" && context.Request.Method == "POST") await context.Response.WriteAsync($$"""{"id":"{{context.Request.Query["s"]}}"}""");
            else if (context.Request.Method == "DELETE") { deleted.Add(path); await context.Response.WriteAsync("{}"); }
            else if (path == "/jobs/b")
            {
                bPolled.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            else if (path == "/jobs/a")
            {
                await bPolled.Task.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync($$"""{"status":"done","urls":["{{server.BaseUrl}}/file-a"]}""");
            }
            else await context.Response.WriteAsync("{\"id\":1}\n{\"id\": oops\n");
        });
        using var session = new HttpSession();
        var context = Context(session, budget: 2);

        var failure = await Record.ExceptionAsync(() => AsyncHarness.ReadAsync(AsyncHarness.Build(Manifest), context, Slices("a", "b")).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.NotNull(failure);
        Assert.Contains("not valid JSON", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/jobs/b", deleted);
    }

    private RetrievalContext Context(HttpSession session, int budget) => new()
    {
        StreamName = "items",
        Session = session,
        Scope = new TemplateScope(new Dictionary<string, object?> { ["config"] = (Dictionary<string, object?>)JsonValues.Parse($$"""{"base_url":"{{server.BaseUrl}}"}""")! }),
        JobBudget = new JobBudget(budget),
    };

    private static async IAsyncEnumerable<StreamSlice> Slices(params string[] values)
    {
        foreach (var value in values)
        {
            await Task.Yield();
            yield return new StreamSlice(new Dictionary<string, object?>(StringComparer.Ordinal) { ["s"] = value }, JsonValues.NewObject(), JsonValues.NewObject());
        }
    }
}
