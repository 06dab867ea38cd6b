using Bench.Suite.Host;
using BenchmarkDotNet.Attributes;
using Bench.Benchmarks.Managed;

namespace Bench.Benchmarks.Suites;

/// <summary>
/// The managed twins under BenchmarkDotNet: one invocation runs one timed loop of
/// <see cref="SuiteConstants.Loops"/> elements, so BenchmarkDotNet's figure is per element.
/// </summary>
public class ManagedSuite
{
    private ManagedKernel? _kernel;

    [ParamsSource(nameof(Ids))]
    public string Id { get; set; } = "";

    public static IEnumerable<string> Ids => SuiteSelection.Filter(ManagedKernels.All.Select(k => k.Id));

    [GlobalSetup]
    public void Setup()
    {
        _kernel = ManagedKernels.Open(Id);
        // Promote the pool and its pages to gen 2 before measuring: a later collection
        // would move them, and where they sit changes the loop's speed (cache sets, 4K aliasing).
        GC.Collect();
        GC.Collect();
        JitWarmup.UntilQuiet(() => Run());
    }

    [Benchmark(OperationsPerInvoke = SuiteConstants.Loops)]
    public ulong Run()
    {
        var ran = _kernel!.Run(SuiteConstants.Loops);
        if (ran != SuiteConstants.Loops)
            throw new InvalidOperationException($"{Id} ran {ran} of {SuiteConstants.Loops} elements: the pool ran dry");
        return ran;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var problem = _kernel?.Close();
        _kernel = null;
        if (problem is not null)
            throw new InvalidOperationException($"{Id}: {problem}");
    }
}
