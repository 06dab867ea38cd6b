using System.Diagnostics;
using Bench.Core.Catalog;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating.Samplers;

/// <summary>
/// Head alone, measured now by pinned workers (native kernels and their managed twins; the native
/// ones counted under callgrind on the first batch where asked), for a stored baseline.
/// </summary>
/// <param name="managed">The build of the managed twins to measure (default: this bench's).</param>
public sealed class HeadOnlySampler(string library, RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress, bool countInstructions,
    Running.Managed.ManagedKernelSpec? managed = null) : ISampler
{
    public bool Resamples => true;

    public (int Native, int Managed) ProfileLaunches => (request.Profile.Launches, request.Profile.ManagedLaunches);

    public Measured Measure(Batch batch)
    {
        var lib = NativeLibraries.Load(library);
        var selected = batch.Ids ?? BenchmarkCatalog.ForGate(lib.Kernels).Select(new BenchmarkFilter(request.Filters)).Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        var probe = batch.Look == 0 ? PhaseClock.Run(batch.Clock, PhaseClock.Probe, () => Hosting.CpuProbe.Measure(library, launch, request.Seed)) : null;
        var outcome = BenchRun.Measure(lib, selected, batch.Apply(request), launch, progress, batch.Loops, managed, batch.StopLaunching);
        var head = BenchRun.Document(outcome, batch.Ids is null ? request : request with { Filters = selected }, clock.Elapsed, lanes: launch.EffectiveLanes);
        head = head with { Run = head.Run with { CpuProbe = probe, Phases = batch.Clock?.Snapshot() } };
        if (batch.Look == 0 && countInstructions)
            head = PhaseClock.Run(batch.Clock, PhaseClock.Count, () => Counting.BenchCount.TryAddCounts(head, library, cacheSim: false, progress));
        return new Measured(null, head);
    }
}
