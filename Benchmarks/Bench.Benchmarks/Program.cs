using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Bench.Benchmarks.Suites;

// For BenchmarkDotNet users: the native kernels, their managed twins and the
// P/Invoke transition in BenchmarkDotNet's own runner and exporters, with tiered
// PGO on and off:  dotnet run -c Release --project Benchmarks/Bench.Benchmarks -- --filter '*'
// BenchmarkDotNet's own options work as usual, --disasm (its DisassemblyDiagnoser, tier-1 code
// on .NET 10) among them; BENCH_BDN_IDS='managed/dispatch/*' narrows the suites' kernels.
// (`bench run --thorough` and `--crosscheck` run the same classes and import the results.)
var config = DefaultConfig.Instance
    .AddJob(BenchJobs.Thorough(pgo: true).AsDefault())
    .AddJob(BenchJobs.Thorough(pgo: false));
BenchmarkSwitcher.FromAssembly(typeof(NativeSuite).Assembly).Run(args, config);
