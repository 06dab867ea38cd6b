using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

/// <summary>Placements within a launch: the launch's effect averages them, and the decomposition finds each source of variation where it was put.</summary>
public class PlacementVarianceTests
{
    /// <summary>Samples of <paramref name="launches"/> launches of <paramref name="k"/> placements of <paramref name="n"/>, with the given standard deviations.</summary>
    private static (double[] Values, int[] PerLaunch, int[][] PerPlacement) Nested(int seed, int launches, int k, int n, double launch, double placement, double within)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var values = new List<double>();
        for (var l = 0; l < launches; l++)
        {
            var level = 10 + launch * Normal();
            for (var p = 0; p < k; p++)
            {
                var at = level + placement * Normal();
                for (var i = 0; i < n; i++)
                    values.Add(at + within * Normal());
            }
        }
        return (values.ToArray(), Enumerable.Repeat(k * n, launches).ToArray(), Enumerable.Range(0, launches).Select(_ => Enumerable.Repeat(n, k).ToArray()).ToArray());
    }

    [Theory]
    [InlineData(1, 0.2, 1.0, 0.3)]
    [InlineData(2, 1.0, 0.2, 0.3)]
    [InlineData(3, 0.5, 0.5, 1.0)]
    [InlineData(4, 0.0, 2.0, 0.5)]
    [InlineData(5, 2.0, 0.0, 0.5)]
    public void SeededNestedSamples_EachComponentIsFoundWhereItWasPut(int seed, double launch, double placement, double within)
    {
        var (values, perLaunch, perPlacement) = Nested(seed, launches: 200, k: 4, n: 30, launch, placement, within);
        var v = PlacementVariance.Of(values, perLaunch, perPlacement)!;
        Assert.Equal(200, v.Launches);
        Assert.Equal(4, v.Placements);
        Assert.Equal(30, v.SamplesPerPlacement);
        Assert.InRange(v.WithinPlacement, within * 0.9, within * 1.1);
        Assert.InRange(v.BetweenPlacements!.Value, placement * 0.85 - 0.05, placement * 1.15 + 0.05);
        Assert.InRange(v.BetweenLaunches!.Value, launch * 0.8 - 0.08, launch * 1.2 + 0.08);
    }

    [Fact]
    public void OnePlacementALaunch_HasNoBetweenPlacements()
    {
        var (values, perLaunch, _) = Nested(9, launches: 20, k: 1, n: 30, 0.5, 0, 0.2);
        var v = PlacementVariance.Of(values, perLaunch, null)!;
        Assert.Null(v.BetweenPlacements);
        Assert.NotNull(v.BetweenLaunches);
        Assert.Equal(1, v.Placements);
    }

    [Fact]
    public void PairedEffect_OfALaunch_IsTheMeanOfItsPlacementsMedians()
    {
        // one launch, two placements of three pairs: differences (1, 1, 9) and (3, 4, 5) -> medians 1 and 4 -> 2.5
        double[] b = [0, 0, 0, 0, 0, 0];
        double[] h = [1, 1, 9, 3, 4, 5];
        var effects = LaunchSamples.PairedEffects(b, h, [6], [[3, 3]]);
        Assert.Equal([2.5], effects);
        // the same samples as one placement: the median of all six differences
        Assert.Equal([3.5], LaunchSamples.PairedEffects(b, h, [6]));
    }

    [Fact]
    public void PlacementCountsThatDoNotFit_LeaveEachLaunchOnePlacement()
    {
        double[] v = [1, 2, 3, 4, 5, 6];
        var split = LaunchSamples.Placements(v, [3, 3], [[1, 1], [2, 1]]);
        Assert.Equal(2, split.Count);
        Assert.All(split, l => Assert.Single(l));
        Assert.Equal([2.0, 5.0], LaunchSamples.Medians(v, [3, 3], [[1, 1], [2, 1]]));
    }

    [Fact]
    public void LaunchVariance_FallsWithPlacements_AsTheirShareSays()
    {
        var v = new PlacementVariance(WithinPlacement: 1.0, BetweenPlacements: 0.5, BetweenLaunches: 0.1, Launches: 32, Placements: 2, SamplesPerPlacement: 15);
        Assert.Equal(0.01 + (0.25 + Math.PI / 2 / 30) / 2, v.LaunchVariance(2, 30), 12);
        Assert.True(v.LaunchVariance(4, 15) < v.LaunchVariance(1, 60));
    }
}
