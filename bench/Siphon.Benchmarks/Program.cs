using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Siphon.Benchmarks -- --filter '*Template*'
BenchmarkSwitcher.FromAssembly(typeof(Siphon.Benchmarks.TemplateBenchmarks).Assembly).Run(args);
