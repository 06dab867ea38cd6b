using Bench.Core;
using Bench.Core.Running;

namespace Bench.Tests.Running;

public class RunProfileTests
{
    [Fact]
    public void WithSamples_RoundsUpToWholeBlocksInEveryLaunch()
    {
        Assert.Equal(32, RunProfile.Quick.Launches);
        Assert.Equal(960, RunProfile.Quick.SamplesPerBenchmark);
        var p = RunProfile.Quick.WithSamples(161); // 32 launches x 5 per block: 160 per round
        Assert.Equal(2, p.RoundsPerLaunch);
        Assert.Equal(320, p.SamplesPerBenchmark);
        Assert.Equal(160, RunProfile.Quick.WithSamples(12).SamplesPerBenchmark);
    }

    [Fact]
    public void WithLaunches_BelowOne_IsUsageError()
    {
        Assert.Equal(2, RunProfile.Quick.WithLaunches(2).Launches);
        Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => RunProfile.Quick.WithLaunches(0)).ExitCode);
    }

    [Fact]
    public void WithSamples_BelowTwo_IsUsageError() =>
        Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => RunProfile.Default.WithSamples(1)).ExitCode);

    [Theory]
    [InlineData(1, 32, 16, null)] // the first round: as it is
    [InlineData(2, 32, 32, 4)]    // 64 draws of 2 a side as 32 launches of 4
    [InlineData(3, 48, 48, 4)]
    [InlineData(4, 64, 64, 4)]    // 256 layout draws a side, as 128 launches of 2 would take
    public void ForPairedRerun_TheNativeKernelsTakeTheDrawsAsMorePlacements_TheTwinsAsMoreLaunches(int factor, int launches, int managed, int? native)
    {
        var p = RunProfile.Quick.ForPairedRerun(factor);
        Assert.Equal((launches, managed, native, 2), (p.Launches, p.ManagedLaunches, p.NativePlacements, p.Placements));
        Assert.Equal(RunProfile.Quick.Launches * factor * RunProfile.Quick.Placements, p.Launches * (p.NativePlacements ?? p.Placements));
    }

    [Fact]
    public void ForPairedRerun_WithOnePlacement_OrNoMoreLayouts_OnlyScalesTheLaunches()
    {
        var one = (RunProfile.Quick with { Placements = 1 }).ForPairedRerun(4);
        Assert.Equal((128, null), (one.Launches, one.NativePlacements));
        var few = (RunProfile.Quick with { NativeLayouts = 2 }).ForPairedRerun(4);
        Assert.Equal((128, null), (few.Launches, few.NativePlacements));
        var most = (RunProfile.Quick with { Placements = 8 }).ForPairedRerun(2);
        Assert.Equal((64, null), (most.Launches, most.NativePlacements));
    }
}

