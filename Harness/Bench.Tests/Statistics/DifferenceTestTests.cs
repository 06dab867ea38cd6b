using Bench.Core.Statistics;
using Perfolizer.Mathematics.Common;

namespace Bench.Tests.Statistics;

/// <summary>Pins the Perfolizer convention: unitless samples, an absolute threshold in the samples' unit, honoured.</summary>
public class DifferenceTestTests
{
    private static double[] Around(double center, int seed) =>
        Enumerable.Range(0, 30).Select(i => center + (new Random(seed + i).NextDouble() - 0.5) * 0.2).ToArray();

    [Fact]
    public void Unpaired_ShiftAboveThreshold_IsGreater() =>
        Assert.Equal(ComparisonResult.Greater, DifferenceTest.Unpaired(Around(11, 1), Around(10, 100), threshold: 0.5, alpha: 0.005));

    [Fact]
    public void Unpaired_ShiftBelowThreshold_IsNotCalled() =>
        // a 1-cycle shift against a 2-cycle threshold: a threshold Perfolizer ignored would make this Greater
        Assert.Equal(ComparisonResult.Indistinguishable, DifferenceTest.Unpaired(Around(11, 1), Around(10, 100), threshold: 2, alpha: 0.005));

    [Fact]
    public void Unpaired_HeadFaster_IsLesser() =>
        Assert.Equal(ComparisonResult.Lesser, DifferenceTest.Unpaired(Around(9, 1), Around(10, 100), threshold: 0.5, alpha: 0.005));

    [Fact]
    public void Modality_TwoSeparatedClusters_AreTwoModes()
    {
        var rng = new Random(5);
        var values = Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? 5 : 9) + rng.NextDouble() * 0.2).ToArray();
        Assert.Equal(2, DifferenceTest.Modes(values).Count);
        Assert.Single(DifferenceTest.Modes(Around(5, 3)));
    }
}
