using Bench.Core.Running;

namespace Bench.Tests.Running;

public class LoopCalibrationTests
{
    [Theory]
    [InlineData(3.0, 1e6, 524288)]   // 333,334 wanted -> next power of two
    [InlineData(1.0, 1024, 1024)]     // exactly the minimum
    [InlineData(1000.0, 1e6, 1024)]   // slow kernel: never below time_bench's 1000
    [InlineData(0.001, 1e12, 1UL << 30)]
    [InlineData(0.0, 1e6, 1024)]
    [InlineData(double.NaN, 1e6, 1024)]
    public void LoopsFor_ReturnsSmallestPowerOfTwoReachingTheTarget(double nsPerElement, double targetNs, ulong expected) =>
        Assert.Equal(expected, LoopCalibration.LoopsFor(nsPerElement, targetNs));
}
