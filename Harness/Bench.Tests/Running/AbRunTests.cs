using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Tests.Running;

/// <summary>The paired run with a real worker process and the real library.</summary>
public class AbRunTests
{
    private static readonly RunProfile Tiny = new("tiny", Launches: 2, WarmupSamples: 1, RoundsPerLaunch: 2, SamplesPerBlock: 3,
        DiscardedPerBlock: 1, SampleTargetMilliseconds: 0.2);

    [Fact]
    public void Execute_AsARerunOfNativeKernels_RunsTheirPlacementsAsAsked_AndTheFilesSaySo()
    {
        var lib = NativeLibraries.LoadDefault().Path;
        var rerun = (Tiny with { Placements = 2 }).ForPairedRerun(2);
        Assert.Equal(4, rerun.NativePlacements);
        // unpinned: a pinned run keeps this process off the measuring CPU, and with it whatever other tests start meanwhile
        var outcome = AbRun.Execute(new AbLibraries(lib, lib), new RunRequest(["native/for_loop"], rerun, 3), WorkerLaunch.Default() with { Cpus = null });
        foreach (var doc in new[] { outcome.Base, outcome.Head })
        {
            var b = Assert.Single(doc.Benchmarks);
            Assert.Equal(rerun.Launches, b.SamplesPerLaunch.Count);
            Assert.All(b.SamplesPerPlacement!, l => Assert.Equal(4, l.Count));
            Assert.All(b.PlacementLayouts!, l => Assert.Equal(4, l.Distinct().Count()));
            Assert.Equal((2, 4), (doc.Run.Placement!.PerLaunch, doc.Run.Placement.NativePerLaunch));
            Assert.Equal(4, b.Variance!.Placements);
        }
    }
}
