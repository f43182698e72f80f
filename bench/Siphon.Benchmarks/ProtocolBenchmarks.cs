using BenchmarkDotNet.Attributes;
using Siphon.Runs.Protocol;

namespace Siphon.Benchmarks;

/// <summary>Serialising Airbyte messages: one RECORD line of an eight-column record, and a STATE line.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private readonly AirbyteMessageWriter _writer = new(Stream.Null);
    private readonly Dictionary<string, object?> _record = BenchmarkData.Record();
    private readonly Dictionary<string, object?> _state = new(StringComparer.Ordinal) { ["updated_at"] = "2024-01-24T08:06:14Z" };

    [Benchmark(Baseline = true)]
    public void RecordLine() => _writer.WriteRecord("contacts", _record);

    [Benchmark]
    public void StateLine() => _writer.WriteState("contacts", _state, 1000);

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();
}
