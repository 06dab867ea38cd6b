using Bench.Core.Statistics;

namespace Bench.Tests.Statistics;

public class RankDistributionsTests
{
    /// <summary>P(T &lt;= t) of the signed-rank statistic by enumerating all 2^n sign patterns.</summary>
    private static double SignedRankCdf(int n, int t)
    {
        var count = 0;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var sum = 0;
            for (var i = 0; i < n; i++)
                if ((mask & (1 << i)) != 0)
                    sum += i + 1;
            if (sum <= t)
                count++;
        }
        return count / (double)(1 << n);
    }

    /// <summary>P(U &lt;= u) of the Mann-Whitney statistic by enumerating which m of the m + n ranks the first sample holds.</summary>
    private static double RankSumCdf(int m, int n, int u)
    {
        int total = 0, hit = 0;
        for (var mask = 0; mask < 1 << (m + n); mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != m)
                continue;
            total++;
            // U = pairs (x, y) with x above y: for each x, how many y lie below it
            int ys = 0, uStat = 0;
            for (var i = 0; i < m + n; i++)
            {
                if ((mask & (1 << i)) != 0)
                    uStat += ys;
                else
                    ys++;
            }
            if (uStat <= u)
                hit++;
        }
        return hit / (double)total;
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.025)]
    [InlineData(0.05)]
    public void SignedRankCriticalCount_SmallN_MatchesEnumeration(double tail)
    {
        for (var n = 1; n <= 14; n++)
        {
            var k = RankDistributions.SignedRankCriticalCount(n, tail);
            // k is the largest count whose lower tail P(T <= k - 1) stays within the tail
            Assert.True(k == 0 || SignedRankCdf(n, k - 1) <= tail + 1e-12, $"n={n} k={k}");
            Assert.True(SignedRankCdf(n, k) > tail, $"n={n} k={k} is not the largest");
        }
    }

    [Theory]
    [InlineData(0.005)]
    [InlineData(0.025)]
    public void RankSumCriticalCount_SmallSamples_MatchesEnumeration(double tail)
    {
        for (var m = 1; m <= 7; m++)
            for (var n = 1; n <= 7; n++)
            {
                var k = RankDistributions.RankSumCriticalCount(m, n, tail);
                Assert.True(k == 0 || RankSumCdf(m, n, k - 1) <= tail + 1e-12, $"m={m} n={n} k={k}");
                Assert.True(RankSumCdf(m, n, k) > tail, $"m={m} n={n} k={k} is not the largest");
            }
    }

    [Fact]
    public void CriticalCounts_TextbookValues()
    {
        // Wilcoxon signed-rank, n = 10, two-sided 0.05: reject when T <= 8, so k = 9.
        Assert.Equal(9, RankDistributions.SignedRankCriticalCount(10, 0.025));
        // Mann-Whitney, m = n = 5, two-sided 0.05: reject when U <= 2, so k = 3.
        Assert.Equal(3, RankDistributions.RankSumCriticalCount(5, 5, 0.025));
        // Four against five cannot reach 99 %: P(U = 0) = 1/126 > 0.005.
        Assert.Equal(0, RankDistributions.RankSumCriticalCount(4, 5, 0.005));
    }

    [Theory]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.995, 2.575829304)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.01, -2.326347874)]
    public void NormalQuantile_KnownValues(double p, double z) => Assert.Equal(z, RankDistributions.NormalQuantile(p), 6);

    [Fact]
    public void SignedRankCriticalCount_NormalApproximation_IsCloseToExactAtTheSeam()
    {
        // n = 400 is exact, n = 401 approximated: the two must nearly agree.
        var exact = RankDistributions.SignedRankCriticalCount(400, 0.005);
        var approx = RankDistributions.SignedRankCriticalCount(401, 0.005);
        Assert.InRange(approx - exact, 0, 800); // T's support grows by 401 between the two
    }
}
