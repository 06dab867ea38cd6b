using Bench.Core.Gating;
using Bench.Core.Statistics;

namespace Bench.Tests.Gating;

/// <summary>The gate's looks: where they fall, what each spends, and that the error rate holds over all of them.</summary>
public sealed class LookPlanTests
{
    [Fact]
    public void Launches_DoubleFromTheFirstLook_WhichTheFirstLooksConfidenceCanBound()
    {
        var plan = LookPlan.Default;
        Assert.Equal([12, 24, 48, 96, 192], plan.Launches(32, 0.99));
        // managed in quick: 16 a profile, 6 by the fraction, but a bounded interval at 99.6 % needs 10
        var managed = plan.Launches(16, 0.99);
        Assert.Equal(LookPlan.MinLaunches(plan.Confidence(0, 0.99)), managed[0]);
        Assert.Equal([managed[0], 2 * managed[0], 4 * managed[0], 8 * managed[0], 16 * managed[0]], managed);
        Assert.Equal(2, plan.WithinProfile);
    }

    [Theory]
    [InlineData(0.996)]
    [InlineData(0.999)]
    [InlineData(0.99)]
    public void MinLaunches_IsTheFirstCountWhoseIntervalIsBoundedWithResolution(double confidence)
    {
        var n = LookPlan.MinLaunches(confidence);
        Assert.True(RankDistributions.SignedRankCriticalCount(n, (1 - confidence) / 2) >= LookPlan.MinCut);
        Assert.True(RankDistributions.SignedRankCriticalCount(n - 1, (1 - confidence) / 2) < LookPlan.MinCut);
    }

    [Fact]
    public void Shares_PartitionTheErrorRate()
    {
        var plan = LookPlan.Default;
        Assert.Equal(1.0, plan.Shares.Sum(), 12);
        Assert.Equal(0.01, Enumerable.Range(0, plan.Count).Sum(k => plan.Alpha(k, 0.01)), 12);
        Assert.Throws<ArgumentException>(() => new LookPlan([0.5, 1], [0.6, 0.6]).Checked());
        Assert.Throws<ArgumentException>(() => new LookPlan([1, 0.5], [0.5, 0.5]).Checked());
        Assert.Throws<ArgumentException>(() => new LookPlan([0.5], [0.5, 0.5]).Checked());
    }

    /// <summary>
    /// Seeded: launch effects of a change exactly at the threshold, heavy-tailed (Laplace) as this VM's
    /// launches are, so any verdict is wrong (Same puts the interval below T, Slower above it: either
    /// misses the true shift). Looked at five times and stopped at the first verdict, the gate is wrong
    /// at most about α of the time (each look's interval misses at most its share: measured for 12 launches at
    /// 99.6 %, 0.34 %), where five looks at a fixed 99 % are wrong far more often.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sequential_AChangeAtTheThreshold_IsWrongAboutAlphaOverAllLooks_WhereFixedLooksAreNot(int seed)
    {
        const double t = 1.0, confidence = 0.99;
        const int trials = 3000;
        var plan = LookPlan.Default;
        var at = plan.Launches(32, confidence);
        var rng = new Random(seed);
        int Wrong(double[] effects, Func<int, double> confidenceAt)
        {
            for (var k = 0; k < plan.Count; k++)
            {
                var ci = ShiftEstimators.Paired(effects[..at[k]], confidenceAt(k));
                if (ci.IsBounded && ((ci.Low > -t && ci.High < t) || ci.Low > t || ci.High < -t))
                    return 1;
            }
            return 0;
        }
        int sequential = 0, fixedLooks = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            var effects = Enumerable.Range(0, at[^1]).Select(_ =>
            {
                var u = rng.NextDouble() - 0.5;
                return t - 0.2 * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
            }).ToArray();
            sequential += Wrong(effects, k => plan.Confidence(k, confidence));
            fixedLooks += Wrong(effects, _ => confidence);
        }
        // α with the binomial's slack: 3000 trials at 1 % have a standard error of 0.18 %
        Assert.True(sequential <= trials * ((1 - confidence) + 0.0036), $"{sequential} of {trials} wrong with the looks' shares");
        Assert.True(fixedLooks > 1.5 * sequential, $"{fixedLooks} of {trials} wrong at a fixed 99 %, against {sequential}");
    }

    [Fact]
    public void Sequential_AClearChange_IsFoundAtTheFirstLook()
    {
        var plan = LookPlan.Default;
        var at = plan.Launches(32, 0.99);
        var rng = new Random(3);
        var effects = Enumerable.Range(0, at[0]).Select(_ => 2.0 + (rng.NextDouble() - 0.5) * 0.4).ToArray();
        var ci = ShiftEstimators.Paired(effects, plan.Confidence(0, 0.99));
        Assert.True(ci.Low > 1.0);
    }
}
