namespace Bench.Core.Running;

/// <summary>What `bench run` was asked for.</summary>
/// <param name="Thorough">The managed twins under BenchmarkDotNet's own accuracy rules instead of the fixed quick job.</param>
/// <param name="CrossCheck">Also time the native kernels through BenchmarkDotNet (<c>native/...@bdn</c>).</param>
/// <param name="DotnetLog">Where BenchmarkDotNet's log goes; null: a temporary file.</param>
public sealed record RunRequest(IReadOnlyList<string> Filters, RunProfile Profile, int Seed, bool Thorough = false, bool CrossCheck = false,
    string? DotnetLog = null)
{
    /// <summary>Where the run's time goes, phase by phase; null: not kept.</summary>
    public PhaseClock? Clock { get; init; }
}
