using BenchmarkDotNet.Attributes;
using Siphon.Decoding;
using Siphon.Records;
using Siphon.Records.Transformations;
using Siphon.Runs.Protocol;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Benchmarks;

/// <summary>
/// An async job's download minus the network: a 10,000-record body decoded into batches, renamed by <c>KeysToLower</c>
/// (as the contacts example does) and written as RECORD lines to a null stream, directly or rendered ahead.
/// Divide by <see cref="BenchmarkData.Rows"/> for the cost per record.
/// </summary>
[MemoryDiagnoser]
public class DownloadPathBenchmarks
{
    private byte[] _csv = [];
    private byte[] _csvGzip = [];
    private byte[] _jsonl = [];
    private readonly IBatchDecoder _csvDecoder = new CsvDecoder(',', TextEncodings.StrictUtf8, []);
    private readonly IBatchDecoder _jsonlDecoder = new JsonlDecoder(TextEncodings.StrictUtf8);
    private readonly IBatchTransformation _lower = new KeysToLower();
    private readonly TemplateScope _scope = new(JsonValues.NewObject());
    private AirbyteMessageWriter _writer = null!;
    private static readonly DecodeContext Download = new("download");

    [GlobalSetup]
    public void Setup()
    {
        _csv = BenchmarkData.Csv();
        _csvGzip = BenchmarkData.Gzip(_csv);
        _jsonl = BenchmarkData.Jsonl();
        _writer = new AirbyteMessageWriter(Stream.Null);
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true)]
    public Task<int> CsvToRecordLines() => WriteAsync(_csvDecoder, _csv);

    [Benchmark]
    public Task<int> CsvGzipToRecordLines() => WriteAsync(new GzipDecoder(_csvDecoder), _csvGzip);

    /// <summary>As `siphon read` runs it: the lines rendered on the decoding task (<c>Prepare</c>), then copied by the writer.</summary>
    [Benchmark]
    public Task<int> CsvRenderedThenCopied() => WriteAsync(_csvDecoder, _csv, prepare: true);

    [Benchmark]
    public Task<int> JsonlToRecordLines() => WriteAsync(_jsonlDecoder, _jsonl);

    /// <summary>JSON lines as `siphon read` runs them: rendered ahead, then copied.</summary>
    [Benchmark]
    public Task<int> JsonlRenderedThenCopied() => WriteAsync(_jsonlDecoder, _jsonl, prepare: true);

    private async Task<int> WriteAsync(IBatchDecoder decoder, byte[] body, bool prepare = false)
    {
        var count = 0;
        await foreach (var batch in decoder.DecodeBatchesAsync(new MemoryStream(body, writable: false), Download, CancellationToken.None))
        {
            var renamed = _lower.Transform(batch, _scope) ?? batch;
            _writer.WriteRecords("contacts", prepare ? _writer.Prepare("contacts", renamed) : renamed);
            count += renamed.Count;
        }
        return count;
    }
}
