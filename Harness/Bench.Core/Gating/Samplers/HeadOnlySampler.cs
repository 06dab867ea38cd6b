using System.Diagnostics;
using Bench.Core.Catalog;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating.Samplers;

/// <summary>
/// Head alone, measured now by pinned workers (native kernels and their managed twins; the native
/// ones counted under callgrind on the first round where asked), for a stored baseline.
/// </summary>
/// <param name="managed">The build of the managed twins to measure (default: this bench's).</param>
public sealed class HeadOnlySampler(string library, RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress, bool countInstructions,
    Running.Managed.ManagedKernelSpec? managed = null) : ISampler
{
    public bool Resamples => true;

    public Measured Measure(IReadOnlyList<string>? ids, int round, IReadOnlyDictionary<string, ulong>? loops, int launchFactor = 1,
        Func<bool>? stopLaunching = null)
    {
        var lib = NativeLibraries.Load(library);
        var selected = ids ?? BenchmarkCatalog.ForGate(lib.Kernels).Select(new BenchmarkFilter(request.Filters)).Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        var probe = round == 0 ? Hosting.CpuProbe.Measure(library, launch, request.Seed) : null;
        var outcome = BenchRun.Measure(lib, selected, request with { Seed = request.Seed + round, Profile = request.Profile.ScaledLaunches(launchFactor) },
            launch, progress, loops, managed, stopLaunching);
        var head = BenchRun.Document(outcome, ids is null ? request : request with { Filters = selected }, clock.Elapsed);
        head = head with { Run = head.Run with { CpuProbe = probe } };
        if (round == 0 && countInstructions)
            head = Counting.BenchCount.TryAddCounts(head, library, cacheSim: false, progress);
        return new Measured(null, head);
    }
}
