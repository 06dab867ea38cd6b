namespace Bench.Core.Statistics;

/// <summary>Order statistics of one sample set: what the console table prints.</summary>
/// <remarks>
/// Quantiles are the Hyndman-Fan type 7 estimate (linear between order
/// statistics, as R and NumPy default): q(p) = x[h] + (h - floor h)(x[h+1] - x[h])
/// with h = (n - 1) p over the sorted values, 0-based.
/// </remarks>
public readonly record struct SampleSummary(int Count, double Min, double Q1, double Median, double Q3, double Max)
{
    /// <summary>Interquartile range over the median: the spread the table shows, in percent.</summary>
    public double RelativeIqrPercent => Median == 0 ? 0 : (Q3 - Q1) / Median * 100.0;

    public static SampleSummary Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("a summary needs at least one value", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new SampleSummary(sorted.Length, sorted[0], Quantile(sorted, 0.25), Quantile(sorted, 0.5),
            Quantile(sorted, 0.75), sorted[^1]);
    }

    /// <summary>Type 7 quantile of already sorted values.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("no values", nameof(sorted));
        if (p is < 0 or > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile's probability is in [0, 1]");
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
