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

    /// <summary>A run of <paramref name="launches"/> launches of 2 placements over a pool of <paramref name="pool"/> layouts, as PairedDecision sees it.</summary>
    private sealed record Run(List<double> Values, List<int> PerLaunch, List<IReadOnlyList<int>> PerPlacement, List<IReadOnlyList<string>> Layouts,
        List<double> Effects);

    /// <param name="layoutSd">How far each layout reproducibly moves the effect (Δ).</param>
    /// <param name="drawSd">How far each placement moves it anew with every draw.</param>
    private static Run Simulate(Random rng, int pool, int launches, double layoutSd, double drawSd)
    {
        const int placements = 2, samples = 5;
        var delta = Enumerable.Range(0, pool).Select(_ => layoutSd * Normal(rng)).ToArray();
        var run = new Run([], [], [], [], []);
        for (var l = 0; l < launches; l++)
        {
            var launchNoise = 0.2 * Normal(rng);
            var drawn = Enumerable.Range(0, pool).OrderBy(_ => rng.Next()).Take(placements).ToArray();
            var medians = new List<double>();
            foreach (var i in drawn)
            {
                var draw = drawSd * Normal(rng);
                var values = Enumerable.Range(0, samples).Select(_ => delta[i] + draw + launchNoise + 0.1 * Normal(rng)).ToArray();
                run.Values.AddRange(values);
                medians.Add(SampleSummary.Of(values).Median);
            }
            run.PerLaunch.Add(placements * samples);
            run.PerPlacement.Add(Enumerable.Repeat(samples, placements).ToArray());
            run.Layouts.Add(drawn.Select(i => $"L{i}").ToArray());
            run.Effects.Add(medians.Average());
        }
        return run;
    }

    /// <summary>
    /// Seeded: a change whose true layout-averaged effect is zero, run over a pool of 8 layouts
    /// that 96 launches of 2 placements reuse. Each run's 8 layouts carry a fixed bias, which the
    /// interval over launches does not see (it covers the truth far less often than it claims);
    /// widened by the layouts' own spread, it covers it about as often as claimed.
    /// </summary>
    [Fact]
    public void AFinitePoolReusedByManyLaunches_TheWidenedIntervalCoversTheTruth()
    {
        var rng = new Random(2013);
        const int runs = 300;
        int coveredRaw = 0, coveredWidened = 0;
        for (var r = 0; r < runs; r++)
        {
            var run = Simulate(rng, pool: 8, launches: 96, layoutSd: 1, drawSd: 0.3);
            var ci = ShiftEstimators.Paired(run.Effects, 0.99);
            var spread = LayoutReuse.FixedSpread(run.Values, run.PerLaunch, run.PerPlacement, run.Layouts)!.Value;
            var widened = LayoutReuse.Of(run.Layouts)!.Widen(ci, spread);
            coveredRaw += ci.Low <= 0 && 0 <= ci.High ? 1 : 0;
            coveredWidened += widened.Low <= 0 && 0 <= widened.High ? 1 : 0;
        }
        Assert.True(coveredRaw < 0.8 * runs, $"raw interval covered the truth in {coveredRaw} of {runs}");
        Assert.True(coveredWidened >= 0.95 * runs, $"widened interval covered the truth in {coveredWidened} of {runs}");
    }

    /// <summary>
    /// Seeded: placements that spread by 0.5 with every draw but not by layout (an A/A run, whose two
    /// sides' layout i hold the same code): the layout's own spread comes out near 0, where the
    /// placements' spread as a whole would have widened the interval for a bias that is not there.
    /// </summary>
    [Fact]
    public void PlacementsThatSpreadButNotByLayout_HaveLittleFixedSpread()
    {
        var rng = new Random(2009);
        var spreads = Enumerable.Range(0, 50).Select(_ =>
        {
            var run = Simulate(rng, pool: 64, launches: 160, layoutSd: 0, drawSd: 0.5);
            return LayoutReuse.FixedSpread(run.Values, run.PerLaunch, run.PerPlacement, run.Layouts)!.Value;
        }).ToList();
        Assert.True(SampleSummary.Of(spreads.ToArray()).Median < 0.1, $"median fixed spread {SampleSummary.Of(spreads.ToArray()).Median}");
        // and a real layout part is found: 0.5 of it
        var withLayouts = Simulate(rng, pool: 64, launches: 160, layoutSd: 0.5, drawSd: 0.5);
        Assert.InRange(LayoutReuse.FixedSpread(withLayouts.Values, withLayouts.PerLaunch, withLayouts.PerPlacement, withLayouts.Layouts)!.Value, 0.3, 0.7);
    }

    [Fact]
    public void NoLayoutDrawnTwice_HasNoFixedSpreadToTell()
    {
        var run = Simulate(new Random(1), pool: 64, launches: 32, layoutSd: 1, drawSd: 0.3);
        // a deck would deal 64 distinct; this draw may repeat a few, so force distinct names
        var names = run.Layouts.Select((l, i) => (IReadOnlyList<string>)l.Select((_, p) => $"L{i * 2 + p}").ToArray()).ToList();
        Assert.Null(LayoutReuse.FixedSpread(run.Values, run.PerLaunch, run.PerPlacement, names));
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
