using Pragmastat.Algorithms;

namespace Bench.Core.Statistics;

/// <summary>Hodges-Lehmann shifts with their rank-test confidence intervals.</summary>
public static class ShiftEstimators
{
    /// <summary>
    /// Paired: the shift is the one-sample Hodges-Lehmann estimate of the
    /// differences d_i = head_i - base_i, the median of the n(n+1)/2 Walsh
    /// averages (d_i + d_j)/2, i &lt;= j. The interval is the inverted Wilcoxon
    /// signed-rank test: [W(k), W(M - k + 1)] with k from
    /// <see cref="RankDistributions.SignedRankCriticalCount"/>. Assumes the
    /// differences are independent and symmetric about the shift; pairing
    /// adjacent samples removes what drifts slowly (the machine, the process).
    /// Perfolizer (0.6.1) has no one-sample or paired rank test, hence this one.
    /// </summary>
    public static ShiftInterval Paired(IReadOnlyList<double> differences, double confidence)
    {
        Check(differences, nameof(differences));
        var n = differences.Count;
        var walsh = new double[n * (n + 1) / 2];
        var w = 0;
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                walsh[w++] = (differences[i] + differences[j]) / 2;
        Array.Sort(walsh);
        var k = RankDistributions.SignedRankCriticalCount(n, (1 - confidence) / 2);
        return Interval(walsh, k, confidence);
    }

    /// <summary>
    /// Unpaired: the two-sample Hodges-Lehmann shift, median(head_i - base_j), with Moses'
    /// interval [D(k), D(mn - k + 1)] over the sorted pairwise differences, k from
    /// <see cref="RankDistributions.RankSumCriticalCount"/>. Pragmastat's <see cref="FastShift"/>
    /// selects those order statistics (its quantiles interpolate linearly, so probability
    /// (k - 1)/(mn - 1) is exactly D(k)) without building the m·n differences.
    /// </summary>
    public static ShiftInterval Unpaired(IReadOnlyList<double> head, IReadOnlyList<double> @base, double confidence)
    {
        Check(head, nameof(head));
        Check(@base, nameof(@base));
        var pairs = (long)head.Count * @base.Count;
        var k = RankDistributions.RankSumCriticalCount(head.Count, @base.Count, (1 - confidence) / 2);
        if (k <= 0 || pairs < 2)
        {
            var median = FastShift.Estimate(head, @base, [0.5], false)[0];
            return new ShiftInterval(median, double.NegativeInfinity, double.PositiveInfinity, confidence);
        }
        double OrderStatistic(long rank) => (rank - 1) / (double)(pairs - 1);
        var q = FastShift.Estimate(head, @base, [0.5, OrderStatistic(k), OrderStatistic(pairs - k + 1)], false);
        return new ShiftInterval(q[0], q[1], q[2], confidence);
    }

    /// <summary>
    /// Unpaired, for few points per side: Welch's interval for the difference of means,
    /// (mean(head) - mean(base)) ± t(q, ν) · √(s²_h/n_h + s²_b/n_b), with ν the
    /// Welch-Satterthwaite degrees of freedom and t Student's quantile (Perfolizer). It assumes
    /// roughly normal values (launch medians are) where the rank interval cannot reach the asked
    /// confidence at all (4 against 4 points cannot reach 99.98 %). Needs two points a side.
    /// </summary>
    public static ShiftInterval Welch(IReadOnlyList<double> head, IReadOnlyList<double> @base, double confidence)
    {
        Check(head, nameof(head));
        Check(@base, nameof(@base));
        var (mh, vh, nh) = Moments(head);
        var (mb, vb, nb) = Moments(@base);
        var estimate = mh - mb;
        if (nh < 2 || nb < 2)
            return new ShiftInterval(estimate, double.NegativeInfinity, double.PositiveInfinity, confidence);
        var se2 = vh / nh + vb / nb;
        if (se2 == 0)
            return new ShiftInterval(estimate, estimate, estimate, confidence);
        var df = se2 * se2 / (vh * vh / (nh * nh * (nh - 1.0)) + vb * vb / (nb * nb * (nb - 1.0)));
        var t = new Perfolizer.Mathematics.Distributions.ContinuousDistributions.StudentDistribution(df).Quantile(1 - (1 - confidence) / 2);
        var half = t * Math.Sqrt(se2);
        return new ShiftInterval(estimate, estimate - half, estimate + half, confidence);
    }

    private static (double Mean, double Variance, int N) Moments(IReadOnlyList<double> x)
    {
        var mean = x.Average();
        var variance = x.Count < 2 ? 0 : x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1);
        return (mean, variance, x.Count);
    }

    private static ShiftInterval Interval(double[] sorted, int k, double confidence)
    {
        var estimate = SampleSummary.Quantile(sorted, 0.5);
        return k <= 0
            ? new ShiftInterval(estimate, double.NegativeInfinity, double.PositiveInfinity, confidence)
            : new ShiftInterval(estimate, sorted[k - 1], sorted[sorted.Length - k], confidence);
    }

    private static void Check(IReadOnlyList<double> values, string name)
    {
        if (values.Count == 0)
            throw new ArgumentException("no values", name);
        if (values.Any(v => !double.IsFinite(v)))
            throw new ArgumentException("values must be finite", name);
    }
}
