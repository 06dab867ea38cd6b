using Bench.Core;
using Bench.Core.Running;

namespace Bench.Tests.Running;

public class RunProfileTests
{
    [Fact]
    public void WithSamples_RoundsUpToWholeBlocks()
    {
        var p = RunProfile.Quick.WithSamples(12);
        Assert.Equal(3, p.Rounds);
        Assert.Equal(15, p.SamplesPerBenchmark);
    }

    [Fact]
    public void WithSamples_BelowTwo_IsUsageError() =>
        Assert.Equal(ExitCodes.UsageError, Assert.Throws<BenchException>(() => RunProfile.Default.WithSamples(1)).ExitCode);
}
