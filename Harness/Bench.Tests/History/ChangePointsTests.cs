using Bench.Core.History;

namespace Bench.Tests.History;

public class ChangePointsTests
{
    private static double[] Series(int n, int stepAt, double level, double step, double noise, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => level * (i >= stepAt ? 1 + step : 1) * (1 + (rng.NextDouble() * 2 - 1) * noise)).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Find_StepOfFivePercentInQuarterPercentNoise_IsFoundWhereItHappened(int seed)
    {
        var points = ChangePoints.Find(Series(30, 17, 14.0, 0.05, 0.0025, seed), minDistance: 2, minRelativeChange: 0.02);
        var p = Assert.Single(points);
        Assert.Equal(17, p.Index);
        Assert.InRange(p.RelativeChange, 0.04, 0.06);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Find_NoiseOnly_MarksNothing(int seed)
    {
        Assert.Empty(ChangePoints.Find(Series(40, int.MaxValue, 14.0, 0, 0.005, seed), minDistance: 2, minRelativeChange: 0.02));
    }

    [Fact]
    public void Find_TooFewRuns_MarksNothing()
    {
        Assert.Empty(ChangePoints.Find([1.0, 2.0, 2.0], minDistance: 2, minRelativeChange: 0.02));
    }
}
