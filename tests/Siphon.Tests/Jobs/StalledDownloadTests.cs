using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Jobs;
using Siphon.Retrieval;
using Siphon.Templates;
using Siphon.Tests.Http.Support;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>A download whose server stops sending mid-body, without closing the connection, against a real Kestrel server.</summary>
public sealed class StalledDownloadTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private const string Manifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        streams:
          - name: items
            retriever:
              type: AsyncRetriever
              polling: { initial_interval: PT0.02S, max_interval: PT0.05S }
              creation_requester: { url: "{{ config['base_url'] }}/jobs", http_method: POST }
              polling_requester: { url: "{{ config['base_url'] }}/jobs/{{ creation_response['id'] }}" }
              download_requester: { url: "{{ download_target }}" }
              status_extractor: { field_path: [status] }
              status_mapping: { running: [running], completed: [done], failed: [failed], timeout: [] }
              download_target_extractor: { field_path: [urls] }
              record_selector: { extractor: { field_path: [] } }
              download_decoder: { type: JsonlDecoder }
        """;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 2000).Select(i => $"{{\"id\":{i},\"name\":\"item {i}\"}}\n")));

    /// <summary>The file's first half then silence (the connection stays open) on the first request; what is asked for after.</summary>
    private void StallOnce(bool ranges)
    {
        var downloads = 0;
        server.Reset(async context =>
        {
            var path = context.Request.Path.Value!;
            if (path == "/jobs") { await context.Response.WriteAsync("""{"id":"1"}"""); return; }
            if (path == "/jobs/1") { await context.Response.WriteAsync($$"""{"status":"done","urls":["{{server.BaseUrl}}/file"]}"""); return; }
            if (ranges) context.Response.Headers.AcceptRanges = "bytes";
            var from = context.Request.Headers.Range.ToString() is { Length: > 0 } range ? int.Parse(range["bytes=".Length..].TrimEnd('-')) : 0;
            if (from > 0)
            {
                context.Response.StatusCode = 206;
                context.Response.Headers.ContentRange = $"bytes {from}-{Body.Length - 1}/{Body.Length}";
            }
            context.Response.ContentLength = Body.Length - from;
            if (Interlocked.Increment(ref downloads) == 1)
            {
                await context.Response.Body.WriteAsync(Body.AsMemory(0, Body.Length / 2));
                await context.Response.Body.FlushAsync();
                await Task.Delay(Timeout.Infinite, context.RequestAborted); // stalls until the client gives up
                return;
            }
            await context.Response.Body.WriteAsync(Body.AsMemory(from));
        });
    }

    private async Task<(List<long> Ids, TimeSpan Took)> ReadAsync(TimeSpan idleTimeout)
    {
        var retriever = AsyncHarness.Build(Manifest);
        var config = (Dictionary<string, object?>)JsonValues.Parse($$"""{"base_url":"{{server.BaseUrl}}"}""")!;
        using var session = new HttpSession(new HttpSessionOptions { BodyIdleTimeout = idleTimeout });
        var context = new RetrievalContext
        {
            StreamName = "items",
            Session = session,
            Scope = new TemplateScope(new Dictionary<string, object?> { ["config"] = config }),
            JobBudget = new JobBudget(1),
        };
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await AsyncHarness.ReadAsync(retriever, context, cancellationToken: timeout.Token);
        return (result.Records.Select(r => (long)r["id"]!).ToList(), clock.Elapsed);
    }

    [Fact]
    public async Task Download_BodyStallsWithRangeSupport_IsResumedFromTheByteItReachedAfterTheIdleTimeout()
    {
        StallOnce(ranges: true);

        var (ids, took) = await ReadAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), ids);
        Assert.Contains(server.Requests, r => r.Path == "/file" && r.Header("Range") == $"bytes={Body.Length / 2}-");
        Assert.InRange(took, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Download_BodyStallsWithoutRangeSupport_IsDownloadedAgainWithoutDuplicates()
    {
        StallOnce(ranges: false);

        var (ids, took) = await ReadAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), ids);
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/file"));
        Assert.InRange(took, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
    }
}
