using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siphon.Decoding;
using Xunit.Abstractions;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Decoding;

/// <summary>Runs alone, so the memory it measures is its own.</summary>
[CollectionDefinition(nameof(LargeDownloads), DisableParallelization = true)]
public sealed class LargeDownloads;

/// <summary>
/// A CSV of 200 MiB, generated while it is served by Kestrel on 127.0.0.1 and read with HttpClient as it arrives,
/// decoded with peak managed memory far below the body's size.
/// </summary>
[Collection(nameof(LargeDownloads))]
public sealed class LargeServedCsvTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long BodyBytes = 200L * 1024 * 1024;
    private const long MemoryBound = 100L * 1024 * 1024;
    private WebApplication? _server;
    private Uri? _base;

    public async Task InitializeAsync()
    {
        _server = LoopbackApp.Create();
        _server.MapGet("/report.csv", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/csv";
            await GeneratedCsv.WriteAsync(http.Response.Body, BodyBytes, http.RequestAborted);
        });
        _server.MapGet("/report.csv.gz", async (HttpContext http) =>
        {
            http.Response.ContentType = "application/gzip";
            await using var gzip = new GZipStream(http.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await GeneratedCsv.WriteAsync(gzip, BodyBytes, http.RequestAborted);
        });
        await _server.StartAsync();
        _base = new Uri(LoopbackApp.BaseUrl(_server));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("report.csv", "type: CsvDecoder")]
    [InlineData("report.csv.gz", "type: GzipDecoder\ndecoder:\n  type: CsvDecoder\n  set_values_to_none: [\"\"]")]
    public async Task Decode_200MiBServedCsv_StreamsWithBoundedMemory(string path, string decoderYaml)
    {
        var decoder = Build(decoderYaml);
        using var client = new HttpClient();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(true);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync(new Uri(_base!, path), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        long records = 0, peakHeap = 0, peakGcHeap = 0;
        Dictionary<string, object?>? last = null;
        await foreach (var value in decoder.DecodeAsync(body, Download, CancellationToken.None))
        {
            last = (Dictionary<string, object?>)value!;
            if (++records % 20_000 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                peakGcHeap = Math.Max(peakGcHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                Assert.Equal(records.ToString(), last["id"]);
            }
        }

        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        output.WriteLine($"{path}: {records:N0} records in {clock.Elapsed.TotalSeconds:F1} s; baseline heap {baseline / 1e6:F1} MB; " +
            $"peak heap (GC.GetTotalMemory, every 20k records) {peakHeap / 1e6:F1} MB; peak GC heap size after a GC {peakGcHeap / 1e6:F1} MB; " +
            $"allocated {allocated / 1e9:F2} GB in total; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        Assert.Equal(GeneratedCsv.RowCount(BodyBytes), records);
        Assert.Equal(records.ToString(), last!["id"]);
        Assert.Equal($"note {records}, with \"quotes\"", last["note"]);
        // Growth over the baseline: what earlier tests in this process left reachable is not this decode's.
        Assert.True(peakHeap - baseline < MemoryBound, $"peak managed heap {peakHeap:N0} bytes over a baseline of {baseline:N0}");
    }
}

/// <summary>Writes CSV rows of about 90 bytes through a pooled buffer until the body reaches the wanted size.</summary>
internal static class GeneratedCsv
{
    private static ReadOnlySpan<byte> Header => "id,date,campaign,clicks,cost,empty,note\n"u8;

    public static async Task WriteAsync(Stream destination, long bytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            Header.CopyTo(buffer);
            var used = Header.Length;
            long written = 0, id = 1;
            while (written + used < bytes)
            {
                if (TryWriteRow(buffer.AsSpan(used), id, out var n)) { used += n; id++; continue; }
                await destination.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                written += used;
                used = 0;
            }
            await destination.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryWriteRow(Span<byte> span, long id, out int written) =>
        System.Text.Unicode.Utf8.TryWrite(span, $"{id},2024-{id % 12 + 1:00}-{id % 28 + 1:00},campaign-{id % 997},{id * 7 % 10000},{id % 100000 / 100.0:F2},,\"note {id}, with \"\"quotes\"\"\"\n", out written);

    /// <summary>How many rows <see cref="WriteAsync"/> writes for a body of <paramref name="bytes"/>.</summary>
    public static long RowCount(long bytes)
    {
        Span<byte> row = stackalloc byte[256];
        long total = Header.Length, count = 0;
        for (long id = 1; total < bytes; id++)
        {
            TryWriteRow(row, id, out var n);
            total += n;
            count++;
        }
        return count;
    }
}
