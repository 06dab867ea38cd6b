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
}
