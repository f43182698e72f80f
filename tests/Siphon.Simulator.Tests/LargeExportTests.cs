using System.Diagnostics;
using System.IO.Compression;

namespace Siphon.Simulator.Tests;

/// <summary>Runs alone: it measures the process's live memory, which parallel tests would disturb.</summary>
[CollectionDefinition(nameof(LargeExportTests), DisableParallelization = true)]
public sealed class LargeExportCollection;

[Collection(nameof(LargeExportTests))]
public sealed class LargeExportTests
{
    private const long Rows = 2_000_000;

    [Fact]
    public async Task Download_TwoMillionRows_StreamsWithFlatMemory()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = Rows, Files = 1, PollsUntilDone = 0 } });
        using var client = new SimClient(sim);
        var url = (await client.PollContactsUntilReadyAsync(await client.CreateContactsAsync()))[0];
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        // Live memory after a full collection, sampled while the file streams: a materialised file (~70 MB of gzip,
        // ~260 MB of CSV) would show; a streaming pipeline holds a few buffers.
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                try { await Task.Delay(200, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var watch = Stopwatch.StartNew();
        long lines = 0, compressed;
        using (var response = await client.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var counting = new CountingReadStream(body);
            await using var gzip = new GZipStream(counting, CompressionMode.Decompress);
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await gzip.ReadAsync(buffer)) > 0) lines += buffer.AsSpan(0, n).Count((byte)'\n');
            compressed = counting.Count;
        }

        watch.Stop();
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(Rows + 1, lines);
        Assert.True(peak < 48 * 1024 * 1024, $"live memory grew by {peak / 1024 / 1024} MB while streaming {compressed / 1024 / 1024} MB of gzip in {watch.Elapsed}");
        Assert.Equal(compressed, sim.Stats.BytesDownloaded);
    }

    private sealed class CountingReadStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            Count += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            Count += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
