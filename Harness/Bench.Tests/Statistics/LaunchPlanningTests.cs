using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

/// <summary>The launches-needed estimate of an undecided unpaired row never names a count already measured without a decision.</summary>
public class LaunchPlanningTests
{
    private const double Confidence = 0.99;

    [Fact]
    public void IssueCase_32LaunchesUndecided_AsksForMoreThan32()
    {
        // native/atomic_inc: [-0.53, +0.53] after 32 launches a side against ±0.28; the spread-based
        // approximation alone said "about 5" (launch medians with a tight core and a few outliers)
        var rng = new Random(7);
        var core = Enumerable.Range(0, 32).Select(_ => 10 + rng.NextDouble() * 0.02).ToList();
        var head = core.Select((x, i) => i % 8 == 0 ? x + 1.5 : x).ToList();
        var n = LaunchPlanning.Needed(core, head, estimate: 0.0, t: 0.28, tChange: 0.28, Confidence, observedHalfWidth: 0.53, measured: 32);
        Assert.NotNull(n);
        Assert.True(n > 32, $"asked for {n}");
        Assert.Equal((int)Math.Ceiling(32 * Math.Pow(0.53 / 0.28, 2)), n);
    }

    [Fact]
    public void AtTheThreshold_NoCountDecides() =>
        Assert.Null(LaunchPlanning.Needed([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], estimate: 0.28, t: 0.28, tChange: 0.28, Confidence, 0.1, 5));

    [Fact]
    public void AMillionLaunchesWouldNotDecide_IsSaidSo() =>
        Assert.Null(LaunchPlanning.Needed([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], estimate: 0, t: 0.001, tChange: 0.001, Confidence, 100, 5));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void SeededHeavyTails_EveryUndecidedRow_AsksForMoreThanItHas(int seed)
    {
        var rng = new Random(seed);
        double HeavyTailed() => Normal(rng) / Math.Sqrt(Math.Max(1e-3, -2 * Math.Log(rng.NextDouble())) / 2); // a Student-t-like draw
        var checkedRows = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var count = rng.Next(5, 40);
            var shift = (rng.NextDouble() - 0.5) * 0.8;
            var @base = Enumerable.Range(0, count).Select(_ => 8 + 0.1 * HeavyTailed()).ToList();
            var head = Enumerable.Range(0, count).Select(_ => 8 + shift + 0.1 * HeavyTailed()).ToList();
            var ci = ShiftEstimators.Unpaired(head, @base, Confidence);
            const double t = 0.25;
            if (!ci.IsBounded || (ci.Low > t || ci.High < -t || (ci.Low > -t && ci.High < t)))
                continue; // decided: nothing to plan
            checkedRows++;
            var n = LaunchPlanning.Needed(@base, head, ci.Estimate, t, t, Confidence, (ci.High - ci.Low) / 2, count);
            Assert.True(n is null || n > count, $"seed {seed}, trial {trial}: {count} launches a side did not decide, and it asked for {n}");
        }
        Assert.True(checkedRows > 20, $"only {checkedRows} undecided rows were checked");
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
