using Bench.Suite.Host;
using Bench.Core.Results;
using Bench.Core.Running.Managed;

namespace Bench.Core.Running;

/// <summary>What a run of one library produced: its build facts (a native library's, or a managed build's) and one result per requested benchmark.</summary>
public sealed record KernelRunOutcome(NativeBuildInfo? Build, IReadOnlyList<BenchmarkResult> Results)
{
    public ManagedBuildInfo? Managed { get; init; }
}
