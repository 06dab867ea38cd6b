using Bench.Core;
using Bench.Core.Running;

namespace Bench.Tests.Running;

public class RunProfileTests
{
    [Fact]
    public void WithSamples_RoundsUpToWholeBlocksInEveryLaunch()
    {
        Assert.Equal(4, RunProfile.Quick.Launches);
        var p = RunProfile.Quick.WithSamples(41); // 4 launches x 5 per block: 20 per round
        Assert.Equal(3, p.RoundsPerLaunch);
        Assert.Equal(60, p.SamplesPerBenchmark);
        Assert.Equal(20, RunProfile.Quick.WithSamples(12).SamplesPerBenchmark);
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
