using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.Suites;

// For BenchmarkDotNet users: the native kernels, their managed twins and the
// P/Invoke transition in BenchmarkDotNet's own runner and exporters, with tiered
// PGO on and off:  dotnet run -c Release --project Benchmarks/Bench.Benchmarks -- --filter '*'
// (`bench run` runs the same classes and imports the results.)
var config = DefaultConfig.Instance
    .AddJob(BenchJobs.Thorough(pgo: true).AsDefault())
    .AddJob(BenchJobs.Thorough(pgo: false));
BenchmarkSwitcher.FromAssembly(typeof(NativeSuite).Assembly).Run(args, config);
