using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Jobs;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Templates;
using Siphon.Tests.Http.Support;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>What a failed read leaves at the provider: nothing it created and will not read.</summary>
public sealed class StoppedReadCleanupTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private const string Manifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        streams:
          - name: items
            retriever:
              type: AsyncRetriever
              polling: { initial_interval: PT0.05S, max_interval: PT0.05S }
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
        var context = new RetrievalContext
        {
            StreamName = "items",
            Session = session,
            Scope = new TemplateScope(new Dictionary<string, object?> { ["config"] = (Dictionary<string, object?>)JsonValues.Parse($$"""{"base_url":"{{server.BaseUrl}}"}""")! }),
            JobBudget = new JobBudget(2),
        };

        var failure = await Record.ExceptionAsync(() => AsyncHarness.ReadAsync(AsyncHarness.Build(Manifest), context, Slices("a", "b")).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.NotNull(failure);
        Assert.Contains("not valid JSON", failure.Message, StringComparison.Ordinal);
        Assert.Contains("/jobs/b", deleted);
    }

    private static async IAsyncEnumerable<StreamSlice> Slices(params string[] values)
    {
        foreach (var value in values)
        {
            await Task.Yield();
            yield return new StreamSlice(new Dictionary<string, object?>(StringComparer.Ordinal) { ["s"] = value }, JsonValues.NewObject(), JsonValues.NewObject());
        }
    }
}
