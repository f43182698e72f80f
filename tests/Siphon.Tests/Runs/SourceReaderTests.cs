using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Runs;
using Siphon.Runs.Protocol;
using Siphon.Source;
using Siphon.Tests.Http.Support;
using Siphon.Values;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Runs;

public sealed class SourceReaderTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private string Partitioned(string values) => $$$"""
        streams:
          - type: DeclarativeStream
            name: items
            retriever:
              type: SimpleRetriever
              requester: { type: HttpRequester, url: "{{{server.BaseUrl}}}/p/{{ stream_partition.p }}" }
              record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [] } }
              paginator:
                type: DefaultPaginator
                pagination_strategy: { type: PageIncrement, page_size: 2, start_from_page: 1 }
                page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: page }
              partition_router: { type: ListPartitionRouter, values: {{{values}}}, cursor_field: p }
        """;

    /// <summary>Each partition has two pages of two records; partition "slow" answers late, "bad" fails.</summary>
    private void Serve(TaskCompletionSource? release = null)
    {
        server.Reset(async context =>
        {
            var partition = context.Request.Path.Value!.Split('/')[2];
            var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
            if (partition == "bad") { context.Response.StatusCode = 400; await context.Response.WriteAsync("{}"); return; }
            if (partition == "slow" && release is not null) await release.Task;
            context.Response.ContentType = "application/json";
            var ids = page <= 2 ? new[] { $"{partition}-{page}-1", $"{partition}-{page}-2" } : [];
            await context.Response.WriteAsync("[" + string.Join(",", ids.Select(i => $"{{\"id\": \"{i}\"}}")) + "]");
        });
    }

    [Fact]
    public async Task ReadAsync_ConcurrentPartitions_KeepEachSlicesRecordOrder()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Serve(release);
        var connector = Load(Partitioned("[slow, p1, p2, p3]"));
        var output = new CollectingOutput();

        var read = ReadAsync(connector, concurrency: 4, output: output);
        // The fast partitions finish while the slow one waits: it cannot be a sequential read.
        while (server.Requests.Count < 10) await Task.Delay(10);
        release.SetResult();
        await read;

        var ids = output.Records().Field("id");
        Assert.Equal(16, ids.Count);
        Assert.StartsWith("p", ids[0]);
        foreach (var partition in new[] { "slow", "p1", "p2", "p3" })
            Assert.Equal([$"{partition}-1-1", $"{partition}-1-2", $"{partition}-2-1", $"{partition}-2-2"], ids.Where(i => i.StartsWith(partition + "-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReadAsync_FailingStream_IsIncompleteAndTheNextStreamIsRead()
    {
        Serve();
        var yaml = Partitioned("[bad]") + "\n" + Partitioned("[ok]")[("streams:\n".Length)..].Replace("name: items", "name: others");
        var connector = Load(yaml);

        var output = await ReadAsync(connector, expectSuccess: false);

        Assert.Contains(("items", StreamStatus.Incomplete), output.Statuses);
        Assert.Contains(("others", StreamStatus.Complete), output.Statuses);
        Assert.Equal(4, output.Records("others").Count());
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsWithOperationCanceled()
    {
        var release = new TaskCompletionSource();
        Serve(release);
        var connector = Load(Partitioned("[slow]"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAsync(connector, cancellationToken: cancel.Token));
        release.SetResult();
    }

    [Fact]
    public async Task ReadAsync_CheckpointRequested_EmitsStateBeforeTheSliceEnds()
    {
        var retriever = new CheckpointingRetriever();
        var stream = new StreamDefinition("jobs", StreamKind.Asynchronous, default, [], null, retriever, []);
        var connector = new ConnectorDefinition("6.5.0", [stream], null, null, null, null);

        var output = await ReadAsync(connector);

        Assert.Equal("SRSS", string.Concat(output.Items.Select(i => i.Record is null ? "S" : "R")));
        Assert.Equal("""{"job":"j1"}""", JsonValues.ToJson(output.States()[0]));
    }

    /// <summary>Stores a job in the state with a checkpoint, then yields a record and the slice end, as an async retriever does.</summary>
    private sealed class CheckpointingRetriever : IRetriever
    {
        public async IAsyncEnumerable<StreamSlice> SlicesAsync(RetrievalContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            yield return StreamSlice.Empty;
        }

        public async IAsyncEnumerable<RetrievedItem> ReadAsync(IAsyncEnumerable<StreamSlice> slices, RetrievalContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var slice in slices)
            {
                context.State.Set("job", "j1");
                context.CrashSafety!.RequestCheckpoint();
                await Task.Delay(50, cancellationToken);
                yield return new RetrievedItem(slice, Json("""{"id": 1}"""));
                yield return RetrievedItem.SliceEnd(slice);
            }
        }
    }

    [Fact]
    public void AirbyteReadOutput_WritesRecordStateAndStatusMessages()
    {
        using var buffer = new MemoryStream();
        using (var writer = new AirbyteMessageWriter(buffer, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now)))
        {
            var output = new AirbyteReadOutput(writer);
            output.StreamStatusAsync("items", StreamStatus.Started, default);
            output.RecordAsync("items", Json("""{"id": 1}"""), default);
            output.StateAsync("items", Json("""{"updated_at": "2024-01-01"}"""), default);
        }
        var lines = System.Text.Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("""{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1704844800000,"stream_status":{"stream_descriptor":{"name":"items"},"status":"STARTED"}}}""", lines[0]);
        Assert.Equal("""{"type":"RECORD","record":{"stream":"items","data":{"id":1},"emitted_at":1704844800000}}""", lines[1]);
        Assert.Equal("""{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"items"},"stream_state":{"updated_at":"2024-01-01"}},"sourceStats":{"recordCount":1}}}""", lines[2]);
        var state = (Dictionary<string, object?>)JsonValues.Parse(lines[2])!;
        Assert.Equal("2024-01-01", ProtocolState.PerStream(new List<object?> { state["state"] })["items"]["updated_at"]);
    }

    [Fact]
    public void AirbyteMessageWriter_RecordLines_ReachTheStreamInLargeWritesAndAStateFlushesThem()
    {
        var stream = new CountingStream();
        using var writer = new AirbyteMessageWriter(stream, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));

        for (var i = 0; i < 10_000; i++) writer.WriteRecord("items", Json($$"""{"id": {{i}}, "name": "item number {{i}}"}"""));
        var writesForRecords = stream.Writes;
        writer.WriteState("items", Json("""{"updated_at": "2024-01-01"}"""));

        // ~750 KB of RECORD lines: a handful of 64 KB writes, not one per record, and no flush until the STATE.
        Assert.InRange(writesForRecords, 1, 20);
        Assert.Equal(0, stream.FlushesBefore(writesForRecords));
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10_001, lines.Length);
        Assert.Equal("""{"type":"RECORD","record":{"stream":"items","data":{"id":9999,"name":"item number 9999"},"emitted_at":1704844800000}}""", lines[^2]);
        Assert.StartsWith("""{"type":"STATE",""", lines[^1]);
        Assert.True(stream.Flushes > 0);
    }

    /// <summary>A write-only stream that keeps what it is given and counts the writes and flushes.</summary>
    private sealed class CountingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private readonly List<int> _flushedAfterWrites = [];

        public int Writes { get; private set; }

        public int Flushes => _flushedAfterWrites.Count;

        public int FlushesBefore(int writes) => _flushedAfterWrites.Count(w => w <= writes);

        public byte[] ToArray() => _bytes.ToArray();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            _bytes.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => _flushedAfterWrites.Add(Writes);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _bytes.Length;
        public override long Position { get => _bytes.Length; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
