using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating.Samplers;

/// <summary>Base and head loaded side by side in every pinned worker, interleaved sample by sample (<see cref="AbRun"/>); counted on the first round where asked.</summary>
public sealed class AbSampler(AbLibraries libraries, RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress, bool countInstructions)
    : ISampler
{
    public bool Resamples => true;

    public Measured Measure(IReadOnlyList<string>? ids, int round, IReadOnlyDictionary<string, ulong>? loops, int launchFactor = 1,
        Func<bool>? stopLaunching = null)
    {
        var probe = round == 0 ? Hosting.CpuProbe.Measure(libraries.HeadLibrary, launch, request.Seed) : null;
        var asked = ids is null ? request : request with { Filters = ids, Seed = request.Seed + round };
        var ab = AbRun.Execute(libraries, asked with { Profile = asked.Profile.ScaledLaunches(launchFactor) }, launch, progress, loops, stopLaunching);
        ab = ab with { Base = ab.Base with { Run = ab.Base.Run with { CpuProbe = probe } }, Head = ab.Head with { Run = ab.Head.Run with { CpuProbe = probe } } };
        if (round == 0 && countInstructions)
            ab = ab with
            {
                Base = Counting.BenchCount.TryAddCounts(ab.Base, libraries.BaseLibrary, cacheSim: false, progress),
                Head = Counting.BenchCount.TryAddCounts(ab.Head, libraries.HeadLibrary, cacheSim: false, progress),
            };
        return new Measured(ab.Base, ab.Head) { OnlyInBase = ab.OnlyInBase, OnlyInHead = ab.OnlyInHead };
    }
}
