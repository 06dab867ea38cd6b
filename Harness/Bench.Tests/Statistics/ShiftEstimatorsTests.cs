using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

public class ShiftEstimatorsTests
{
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Paired_KnownDifferences_EstimateIsMedianOfWalshAverages()
    {
        // Walsh averages of 1, 2, 3: 1, 1.5, 2, 2, 2.5, 3 -> median 2
        var ci = ShiftEstimators.Paired([1, 2, 3], 0.9);
        Assert.Equal(2.0, ci.Estimate, 12);
        Assert.False(ci.IsBounded); // three points cannot bound a 90 % interval (min two-sided p = 0.25)
    }

    [Fact]
    public void Unpaired_Estimate_IsMedianOfPairwiseDifferences()
    {
        double[] head = [5, 7, 9], @base = [1, 2];
        // differences 4, 3, 6, 5, 8, 7 -> median 5.5
        Assert.Equal(5.5, ShiftEstimators.Unpaired(head, @base, 0.9).Estimate, 12);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Paired_SeededNoise_CoversTheTrueShiftAtTheAskedRate(int seed)
    {
        var rng = new Random(seed);
        const int trials = 1000;
        const double shift = 0.7;
        var covered = 0;
        for (var t = 0; t < trials; t++)
        {
            var d = Enumerable.Range(0, 30).Select(_ => shift + 0.3 * Normal(rng)).ToArray();
            var ci = ShiftEstimators.Paired(d, 0.95);
            if (ci.Low <= shift && shift <= ci.High)
                covered++;
        }
        // distribution-free: at least 95 % in expectation; 1000 trials put 3 SDs at about 2 %
        Assert.InRange(covered / (double)trials, 0.93, 0.99);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Unpaired_SeededNoise_CoversTheTrueShiftAtTheAskedRate(int seed)
    {
        var rng = new Random(seed);
        const int trials = 1000;
        const double shift = -1.5;
        var covered = 0;
        for (var t = 0; t < trials; t++)
        {
            var b = Enumerable.Range(0, 9).Select(_ => 10 + Normal(rng)).ToArray();
            var h = Enumerable.Range(0, 8).Select(_ => 10 + shift + Normal(rng)).ToArray();
            var ci = ShiftEstimators.Unpaired(h, b, 0.95);
            if (ci.Low <= shift && shift <= ci.High)
                covered++;
        }
        Assert.InRange(covered / (double)trials, 0.93, 0.995);
    }

    [Fact]
    public void Paired_RejectsNonFiniteValues() =>
        Assert.Throws<ArgumentException>(() => ShiftEstimators.Paired([1, double.NaN, 2], 0.99));
}
