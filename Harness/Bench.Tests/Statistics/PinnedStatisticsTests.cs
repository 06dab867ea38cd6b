using Bench.Core.History;
using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

/// <summary>
/// The numbers the statistics gave on seeded data under Perfolizer 0.3.17, pinned exactly: a library
/// upgrade (0.6.1 with Pragmastat 3.2.4) or a rewrite onto a library's estimator must not move a verdict.
/// </summary>
public class PinnedStatisticsTests
{
    private readonly Random _rng = new(42);
    private readonly double[] _base, _head, _differences;

    public PinnedStatisticsTests()
    {
        _base = Enumerable.Range(0, 23).Select(_ => 10 + Normal()).ToArray();
        _head = Enumerable.Range(0, 19).Select(_ => 10.4 + 1.3 * Normal()).ToArray();
        _differences = Enumerable.Range(0, 32).Select(_ => 0.2 + 0.5 * Normal()).ToArray();
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    private static void Same(double expected, double actual) => Assert.Equal(expected, actual, 12);

    [Fact]
    public void Unpaired_HodgesLehmannAndMoses_AsUnder0317()
    {
        var ci99 = ShiftEstimators.Unpaired(_head, _base, 0.99);
        Same(0.6014871512792848, ci99.Estimate);
        Same(-0.24923575470057813, ci99.Low);
        Same(1.8165127457258539, ci99.High);
        var ci95 = ShiftEstimators.Unpaired(_head, _base, 0.95);
        Same(0.6014871512792848, ci95.Estimate);
        Same(-0.0666061051034923, ci95.Low);
        Same(1.5368475016306462, ci95.High);
    }

    [Fact]
    public void Paired_WalshAndSignedRank_AsUnder0317()
    {
        var ci = ShiftEstimators.Paired(_differences, 0.99);
        Same(0.33283878371022213, ci.Estimate);
        Same(0.11764820153554195, ci.Low);
        Same(0.5692050568128394, ci.High);
    }

    [Fact]
    public void Welch_StudentQuantile_AsUnder0317()
    {
        var ci = ShiftEstimators.Welch(_head, _base, 0.99);
        Same(0.7659750360586166, ci.Estimate);
        Same(-0.20470155128803968, ci.Low);
        Same(1.736651623405273, ci.High);
    }

    [Fact]
    public void EdPelt_ChangePoint_AsUnder0317()
    {
        var series = Enumerable.Range(0, 60).Select(i => (i < 35 ? 100.0 : 105.0) * (1 + 0.0025 * Normal())).ToArray();
        var point = Assert.Single(ChangePoints.Find(series, 3, 0.02));
        Assert.Equal(35, point.Index);
        Same(100.10018076891187, point.Before);
        Same(104.9717998594739, point.After);
    }
}
