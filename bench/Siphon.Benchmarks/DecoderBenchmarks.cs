using BenchmarkDotNet.Attributes;
using Siphon.Decoding;
using Siphon.Records.Transformations;
using Siphon.Runs.Protocol;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Benchmarks;

/// <summary>
/// Decoding a 10,000-record body from memory into records (the value model the read loop works on), per format.
/// Divide by <see cref="BenchmarkData.Rows"/> for the cost per record.
/// </summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private byte[] _csv = [];
    private byte[] _csvGzip = [];
    private byte[] _jsonl = [];
    private byte[] _jsonlGzip = [];
    private byte[] _json = [];
    private byte[] _xml = [];
    private readonly IRecordDecoder _csvDecoder = new CsvDecoder(',', TextEncodings.StrictUtf8, []);
    private readonly IRecordDecoder _jsonlDecoder = new JsonlDecoder(TextEncodings.StrictUtf8);
    private readonly IRecordDecoder _jsonDecoder = new JsonDecoder(TextEncodings.StrictUtf8);
    private readonly IRecordDecoder _xmlDecoder = new XmlDecoder();
    private static readonly DecodeContext Download = new("download");
    private static readonly TemplateScope Scope = new(JsonValues.NewObject());
    private readonly KeysToLower _lower = new();
    private static readonly DecodeContext InData = new("download") { RecordPath = ["data"] };
    private static readonly DecodeContext InRecords = new("download") { RecordPath = ["records", "record"] };

    [GlobalSetup]
    public void Setup()
    {
        _csv = BenchmarkData.Csv();
        _csvGzip = BenchmarkData.Gzip(_csv);
        _jsonl = BenchmarkData.Jsonl();
        _jsonlGzip = BenchmarkData.Gzip(_jsonl);
        _json = BenchmarkData.JsonArray();
        _xml = BenchmarkData.Xml();
    }

    [Benchmark(Baseline = true)]
    public Task<int> Csv() => CountAsync(_csvDecoder, _csv, Download);

    [Benchmark]
    public Task<int> CsvGzip() => CountAsync(new GzipDecoder(_csvDecoder), _csvGzip, Download);

    /// <summary>The same body as <see cref="Csv"/> in batches (<see cref="IBatchDecoder"/>), as an async job's download reads it: no dictionary per record.</summary>
    [Benchmark]
    public Task<int> CsvBatches() => CountBatchesAsync((IBatchDecoder)_csvDecoder, _csv);

    [Benchmark]
    public Task<int> CsvGzipBatches() => CountBatchesAsync(new GzipDecoder(_csvDecoder), _csvGzip);

    [Benchmark]
    public Task<int> Jsonl() => CountAsync(_jsonlDecoder, _jsonl, Download);

    [Benchmark]
    public Task<int> JsonlGzip() => CountAsync(new GzipDecoder(_jsonlDecoder), _jsonlGzip, Download);

    /// <summary>The same body as <see cref="Jsonl"/> in batches of lines kept as bytes, as an async job's download reads it.</summary>
    [Benchmark]
    public Task<int> JsonlBatches() => CountBatchesAsync((IBatchDecoder)_jsonlDecoder, _jsonl);

    [Benchmark]
    public Task<int> JsonlGzipBatches() => CountBatchesAsync(new GzipDecoder(_jsonlDecoder), _jsonlGzip);

    /// <summary>
    /// The read path of the bench manifest for a JSONL download, decoding to stdout: each record lower-cased
    /// (<see cref="KeysToLower"/>) and written as a RECORD line (to <see cref="Stream.Null"/>), one dictionary at a time.
    /// </summary>
    [Benchmark]
    public async Task<int> JsonlLoweredAndWritten()
    {
        using var writer = new AirbyteMessageWriter(Stream.Null);
        var count = 0;
        await foreach (var value in _jsonlDecoder.DecodeAsync(new MemoryStream(_jsonl, writable: false), Download, CancellationToken.None))
            if (value is Dictionary<string, object?> record)
            {
                _lower.Transform(record, Scope);
                writer.WriteRecord("contacts", record);
                count++;
            }
        return count;
    }

    /// <summary>The same in batches: the batch renamed once, its lines transcribed to the RECORD lines.</summary>
    [Benchmark]
    public async Task<int> JsonlBatchesLoweredAndWritten()
    {
        using var writer = new AirbyteMessageWriter(Stream.Null);
        var count = 0;
        await foreach (var batch in ((IBatchDecoder)_jsonlDecoder).DecodeBatchesAsync(new MemoryStream(_jsonl, writable: false), Download, CancellationToken.None))
        {
            writer.WriteRecords("contacts", _lower.Transform(batch, Scope)!);
            count += batch.Count;
        }
        return count;
    }

    [Benchmark]
    public Task<int> JsonArrayAtPath() => CountAsync(_jsonDecoder, _json, InData);

    [Benchmark]
    public Task<int> XmlAtPath() => CountAsync(_xmlDecoder, _xml, InRecords);

    private static async Task<int> CountBatchesAsync(IBatchDecoder decoder, byte[] body)
    {
        var count = 0;
        await foreach (var batch in decoder.DecodeBatchesAsync(new MemoryStream(body, writable: false), Download, CancellationToken.None))
            count += batch.Count;
        return count;
    }

    private static async Task<int> CountAsync(IRecordDecoder decoder, byte[] body, DecodeContext context)
    {
        var count = 0;
        await foreach (var value in decoder.DecodeAsync(new MemoryStream(body, writable: false), context, CancellationToken.None))
            if (value is Dictionary<string, object?>) count++;
        return count;
    }
}
