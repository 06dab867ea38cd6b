namespace Bench.Core.Statistics;

/// <summary>
/// Null distributions of the two rank statistics the shift intervals invert.
/// Exact where the tables stay small, the normal approximation beyond.
/// </summary>
public static class RankDistributions
{
    private const int ExactSignedRankMaxN = 400;
    private const int ExactRankSumMaxProduct = 2500;

    /// <summary>
    /// The largest k with P(T &lt;= k - 1) &lt;= <paramref name="tail"/>, where T is
    /// Wilcoxon's signed-rank statistic of <paramref name="n"/> points under H0
    /// (T is the number of positive Walsh averages, 0..n(n+1)/2). The interval
    /// [W(k), W(M - k + 1)] over the sorted Walsh averages then covers the
    /// shift with probability at least 1 - 2 tail. k = 0: no such interval.
    /// </summary>
    /// <remarks>
    /// Exact: every sign pattern is equally likely, so the count of patterns
    /// with rank sum t obeys c_n(t) = c_{n-1}(t) + c_{n-1}(t - n). Normal:
    /// mean n(n+1)/4, variance n(n+1)(2n+1)/24, with a continuity correction.
    /// </remarks>
    public static int SignedRankCriticalCount(int n, double tail)
    {
        if (n <= 0)
            return 0;
        var m = n * (n + 1) / 2;
        if (n > ExactSignedRankMaxN)
            return NormalCount(m / 2.0, Math.Sqrt(n * (n + 1.0) * (2 * n + 1) / 24.0), tail, m);
        var p = new double[m + 1];
        p[0] = 1;
        var top = 0;
        for (var i = 1; i <= n; i++)
        {
            top += i;
            for (var t = top; t >= i; t--)
                p[t] = (p[t] + p[t - i]) / 2;
            for (var t = i - 1; t >= 0; t--)
                p[t] /= 2;
        }
        return CountFromPdf(p, tail);
    }

    /// <summary>
    /// The largest k with P(U &lt;= k - 1) &lt;= <paramref name="tail"/>, where U is the
    /// Mann-Whitney statistic of samples of sizes m and n under H0 (0..mn). The
    /// interval [D(k), D(mn - k + 1)] over the sorted pairwise differences then
    /// covers the shift with probability at least 1 - 2 tail (Moses).
    /// </summary>
    /// <remarks>
    /// Exact: the number of arrangements with U = u obeys
    /// f(u; m, n) = f(u - n; m - 1, n) + f(u; m, n - 1). Normal: mean mn/2,
    /// variance mn(m + n + 1)/12, with a continuity correction.
    /// </remarks>
    public static int RankSumCriticalCount(int m, int n, double tail)
    {
        if (m <= 0 || n <= 0)
            return 0;
        var max = m * n;
        if (max > ExactRankSumMaxProduct)
            return NormalCount(max / 2.0, Math.Sqrt(m * (double)n * (m + n + 1) / 12.0), tail, max);
        // f[i][j][u] built over i <= m, j <= n; keep one table per i.
        var prev = new double[n + 1][];
        for (var j = 0; j <= n; j++)
            prev[j] = [1.0]; // i = 0: only U = 0
        for (var i = 1; i <= m; i++)
        {
            var cur = new double[n + 1][];
            cur[0] = [1.0]; // j = 0: only U = 0
            for (var j = 1; j <= n; j++)
            {
                var row = new double[i * j + 1];
                var a = prev[j];       // f(u - j; i - 1, j)
                var b = cur[j - 1];    // f(u; i, j - 1)
                for (var u = 0; u < row.Length; u++)
                {
                    var v = u < b.Length ? b[u] : 0;
                    if (u - j >= 0 && u - j < a.Length)
                        v += a[u - j];
                    row[u] = v;
                }
                cur[j] = row;
            }
            prev = cur;
        }
        var counts = prev[n];
        var total = counts.Sum();
        return CountFromPdf(counts.Select(c => c / total).ToArray(), tail);
    }

    private static int CountFromPdf(double[] pdf, double tail)
    {
        var cdf = 0.0;
        var k = 0;
        // k is the count of lowest values whose total mass stays within the tail
        while (k < pdf.Length && cdf + pdf[k] <= tail * (1 + 1e-12))
            cdf += pdf[k++];
        return k;
    }

    private static int NormalCount(double mean, double sd, double tail, int max)
    {
        var z = NormalQuantile(1 - tail);
        var k = (int)Math.Floor(mean - z * sd + 0.5);
        return Math.Clamp(k, 0, max);
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (relative error under 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        if (p is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(p), p, "a probability strictly between 0 and 1");
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
            return -NormalQuantile(1 - p);
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
