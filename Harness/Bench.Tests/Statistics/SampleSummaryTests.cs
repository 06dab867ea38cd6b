using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

public class SampleSummaryTests
{
    [Fact]
    public void Of_KnownValues_MatchesType7Quantiles()
    {
        // R: quantile(c(1,2,3,4,10), type = 7) -> 1, 2, 3, 4, 10
        var s = SampleSummary.Of([10, 1, 3, 2, 4]);
        Assert.Equal((5, 1.0, 2.0, 3.0, 4.0, 10.0), (s.Count, s.Min, s.Q1, s.Median, s.Q3, s.Max));
        Assert.Equal(200.0 / 3.0, s.RelativeIqrPercent, 12);
    }

    [Fact]
    public void Quantile_EvenCount_InterpolatesBetweenOrderStatistics()
    {
        // R: quantile(c(1,2,3,4), c(.25,.5,.9), type = 7) -> 1.75, 2.5, 3.7
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(1.75, SampleSummary.Quantile(sorted, 0.25), 12);
        Assert.Equal(2.5, SampleSummary.Quantile(sorted, 0.5), 12);
        Assert.Equal(3.7, SampleSummary.Quantile(sorted, 0.9), 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Median_SeededRandomSamples_EqualsMiddleOfSortedValues(int seed)
    {
        var rng = new Random(seed);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = rng.Next(1, 60);
            var values = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 100).ToArray();
            var sorted = values.OrderBy(v => v).ToArray();
            var expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            var s = SampleSummary.Of(values);
            Assert.Equal(expected, s.Median, 10);
            Assert.True(s.Min <= s.Q1 && s.Q1 <= s.Median && s.Median <= s.Q3 && s.Q3 <= s.Max);
        }
    }

    [Fact]
    public void Of_Empty_Throws() => Assert.Throws<ArgumentException>(() => SampleSummary.Of([]));

    [Fact]
    public void Quantile_OutOfRangeProbability_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSummary.Quantile([1.0, 2.0], 1.5));
}
