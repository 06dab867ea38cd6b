using Perfolizer.Mathematics.Cpd;

namespace Bench.Core.History;

/// <summary>Where a benchmark's level moved: the index of the first run at the new level, the medians of the segments either side.</summary>
public sealed record ChangePoint(int Index, double Before, double After)
{
    /// <summary>After over before, minus one: +0.05 is 5% slower.</summary>
    public double RelativeChange => Before == 0 ? 0 : After / Before - 1;
}

/// <summary>
/// Change points of a series of per-run medians. Perfolizer's ED-PELT (a nonparametric
/// segmentation: PELT over an empirical-distribution cost) proposes where the distribution
/// changes; a proposal is kept only when the medians of the segments either side differ by at
/// least <c>minRelativeChange</c>, so noise that ED-PELT splits is not marked as a change.
/// Pure.
/// </summary>
public static class ChangePoints
{
    /// <param name="values">One value per run, oldest first.</param>
    /// <param name="minDistance">Fewest runs in a segment: one noisy run is not a new level.</param>
    /// <param name="minRelativeChange">Smallest |after/before - 1| kept, e.g. 0.02.</param>
    public static IReadOnlyList<ChangePoint> Find(IReadOnlyList<double> values, int minDistance, double minRelativeChange)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minDistance, 1);
        if (values.Count < 2 * minDistance)
            return [];
        var data = values.ToArray();
        var indexes = EdPeltChangePointDetector.Instance.GetChangePointIndexes(data, minDistance);
        var bounds = new List<int> { 0 };
        // ED-PELT reports the last index of each segment; a new level starts one later.
        bounds.AddRange(indexes.Select(i => i + 1).Where(i => i > 0 && i < data.Length).Distinct().Order());
        bounds.Add(data.Length);
        var found = new List<ChangePoint>();
        for (var k = 1; k < bounds.Count - 1; k++)
        {
            var before = Median(data[bounds[k - 1]..bounds[k]]);
            var after = Median(data[bounds[k]..bounds[k + 1]]);
            var point = new ChangePoint(bounds[k], before, after);
            if (Math.Abs(point.RelativeChange) >= minRelativeChange)
                found.Add(point);
        }
        return found;
    }

    private static double Median(double[] segment) => Statistics.SampleSummary.Of(segment).Median;
}
