using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Siphon.Benchmarks -- --filter '*Template*'   (or *Decoder*, *Record*, *Protocol*, *DuckDb*)
BenchmarkSwitcher.FromAssembly(typeof(Siphon.Benchmarks.TemplateBenchmarks).Assembly).Run(args);
