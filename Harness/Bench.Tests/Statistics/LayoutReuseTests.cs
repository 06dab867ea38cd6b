using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

public class LayoutReuseTests
{
    [Fact]
    public void EveryDrawADifferentLayout_IsNotReuse_AndLeavesTheIntervalAlone()
    {
        var reuse = LayoutReuse.Of([["L1", "L2"], ["L3", "L4"]])!;
        Assert.False(reuse.Reused);
        Assert.Equal(4, reuse.Effective, 9);
        var ci = new ShiftInterval(0.1, -0.2, 0.4, 0.99);
        Assert.Equal(ci, reuse.Widen(ci, sigma: 2));
    }

    [Fact]
    public void TwoLayoutsDrawnFourTimes_AreWorthTwo_AndWiden()
    {
        var reuse = LayoutReuse.Of([["L1", "L2"], ["L1", "L2"], ["L2", "L1"], ["L1", "L2"]])!;
        Assert.True(reuse.Reused);
        Assert.Equal((8, 2), (reuse.Draws, reuse.Layouts));
        Assert.Equal(2, reuse.Effective, 9);
        // sigma^2 (1/2 - 1/8)
        Assert.Equal(Math.Sqrt(0.375), reuse.ExtraSd(1), 9);
        var ci = reuse.Widen(new ShiftInterval(0, -0.1, 0.1, 0.99), sigma: 1);
        var z = RankDistributions.NormalQuantile(0.995);
        Assert.Equal(Math.Sqrt(0.01 + z * z * 0.375), ci.High, 9);
        Assert.Equal(-ci.High, ci.Low, 9);
    }

    [Fact]
    public void NoLayoutsNamed_IsNothingToSay() => Assert.Null(LayoutReuse.Of(null));

    /// <summary>
    /// Seeded: a change whose true layout-averaged effect is zero, run over a pool of 8 layouts
    /// that 96 launches of 2 placements reuse. Each run's 8 layouts carry a fixed bias, which the
    /// interval over launches does not see (it covers the truth far less often than it claims);
    /// widened, it covers it about as often as claimed.
    /// </summary>
    [Fact]
    public void AFinitePoolReusedByManyLaunches_TheWidenedIntervalCoversTheTruth()
    {
        var rng = new Random(2013);
        const int runs = 300, pool = 8, launches = 96, placements = 2, samples = 5;
        int coveredRaw = 0, coveredWidened = 0;
        for (var run = 0; run < runs; run++)
        {
            var delta = Enumerable.Range(0, pool).Select(_ => Normal(rng)).ToArray(); // layout effects, sd 1
            var effects = new List<double>();
            var nested = new List<IReadOnlyList<IReadOnlyList<double>>>();
            var names = new List<IReadOnlyList<string>>();
            for (var l = 0; l < launches; l++)
            {
                var launchNoise = 0.2 * Normal(rng);
                var drawn = Enumerable.Range(0, pool).OrderBy(_ => rng.Next()).Take(placements).ToArray();
                var perPlacement = drawn.Select(i => (IReadOnlyList<double>)Enumerable.Range(0, samples)
                    .Select(_ => delta[i] + launchNoise + 0.1 * Normal(rng)).ToArray()).ToList();
                nested.Add(perPlacement);
                names.Add(drawn.Select(i => $"L{i}").ToArray());
                effects.Add(perPlacement.Average(p => SampleSummary.Of(p).Median));
            }
            var ci = ShiftEstimators.Paired(effects, 0.99);
            var spread = PlacementVariance.Of(nested)!.BetweenPlacements!.Value;
            var widened = LayoutReuse.Of(names)!.Widen(ci, spread);
            coveredRaw += ci.Low <= 0 && 0 <= ci.High ? 1 : 0;
            coveredWidened += widened.Low <= 0 && 0 <= widened.High ? 1 : 0;
        }
        Assert.True(coveredRaw < 0.8 * runs, $"raw interval covered the truth in {coveredRaw} of {runs}");
        Assert.True(coveredWidened >= 0.95 * runs, $"widened interval covered the truth in {coveredWidened} of {runs}");
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
