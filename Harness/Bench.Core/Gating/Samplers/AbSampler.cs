using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating.Samplers;

/// <summary>Base and head loaded side by side in every pinned worker, interleaved sample by sample (<see cref="AbRun"/>); counted on the first batch where asked.</summary>
public sealed class AbSampler(AbLibraries libraries, RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress, bool countInstructions)
    : ISampler
{
    public bool Resamples => true;

    public (int Native, int Managed) ProfileLaunches => (request.Profile.Launches, request.Profile.ManagedLaunches);

    public Measured Measure(Batch batch)
    {
        var clock = batch.Clock;
        var probe = batch.Look == 0 ? PhaseClock.Run(clock, PhaseClock.Probe, () => Hosting.CpuProbe.Measure(libraries.HeadLibrary, launch, request.Seed)) : null;
        var asked = batch.Apply(batch.Ids is null ? request : request with { Filters = batch.Ids });
        var ab = AbRun.Execute(libraries, asked, launch, progress, batch.Loops, batch.StopLaunching);
        ab = ab with { Base = ab.Base with { Run = ab.Base.Run with { CpuProbe = probe } }, Head = ab.Head with { Run = ab.Head.Run with { CpuProbe = probe } } };
        if (batch.Look == 0 && countInstructions)
            ab = PhaseClock.Run(clock, PhaseClock.Count, () => ab with
            {
                Base = Counting.BenchCount.TryAddCounts(ab.Base, libraries.BaseLibrary, cacheSim: false, progress),
                Head = Counting.BenchCount.TryAddCounts(ab.Head, libraries.HeadLibrary, cacheSim: false, progress),
            });
        return new Measured(ab.Base, ab.Head) { OnlyInBase = ab.OnlyInBase, OnlyInHead = ab.OnlyInHead };
    }
}
