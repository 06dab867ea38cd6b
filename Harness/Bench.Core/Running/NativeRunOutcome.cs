using Bench.Benchmarks.Native;
using Bench.Core.Results;

namespace Bench.Core.Running;

/// <summary>What a native run produced: the library's build facts and one result per requested benchmark.</summary>
public sealed record NativeRunOutcome(NativeBuildInfo Build, IReadOnlyList<BenchmarkResult> Results);
