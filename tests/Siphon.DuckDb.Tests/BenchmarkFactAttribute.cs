namespace Siphon.DuckDb.Tests;

/// <summary>
/// A benchmark: skipped unless <c>SIPHON_BENCHMARK=1</c>, so the default test run stays fast and timing-free.
/// Run with <c>SIPHON_BENCHMARK=1 dotnet test tests/Siphon.DuckDb.Tests -c Release --filter Category=Benchmark
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SIPHON_BENCHMARK") != "1") Skip = "benchmark: set SIPHON_BENCHMARK=1 to run";
    }
}
