using Bench.Core.Statistics;

namespace Bench.Core.Gating;

/// <summary>
/// When the gate looks at its evidence, and what error rate each look may spend. The gate
/// measures in batches of launches; after each, every benchmark still undecided is compared, and
/// decided if its interval allows, and a decided benchmark leaves the later batches.
/// <para>
/// Looking again and again at one fixed-confidence interval is not valid: each look is one more
/// chance for the interval to miss the true shift, so a benchmark looked at eight times at 99 %
/// is wrong far more often than 1 % of the time. So the gate spends its error rate over the
/// looks: look k's intervals are at confidence 1 − α·w_k, the shares w_k summing to 1. By the
/// union bound, the chance that any interval of any look misses the true shift is at most α
/// whatever the looks show and whenever the gate stops (alpha spending with Bonferroni
/// increments, which needs no model of how the looks correlate). Every verdict, Same, Slower or
/// Faster, rests on an interval that holds the true shift, so false alarms and changes called
/// Same are each held under α per benchmark; a look the gate never takes leaves its share unspent.
/// </para>
/// <para>
/// Five looks, each at twice the launches of the one before, the shares leaning to the first
/// (0.4, 0.2, 0.15, 0.15, 0.1 of α), where most benchmarks decide. Measured on this project's VM
/// (`bench gate --quick`, A/A): with eight looks a quarter to a half apart, the second look
/// decided 1 of 25 native kernels still open, as its stricter share ate what its few more launches
/// gave, so every look now doubles its launches; with four looks the last (96 native launches at
/// 99.9 %) left a native kernel Unknown in 2 of 4 runs with its interval a few hundredths past ±T,
/// which a fifth look at twice the launches narrows by about a third. The first look's launches
/// are its fraction of the profile's (native 32 and managed 16 in quick: 12 native launches) but
/// never fewer than the signed-rank interval needs to be bounded at that look's confidence with a
/// little resolution (<see cref="MinLaunches"/>: 10 at 99.6 %). Looks past the profile's launches
/// (fraction above 1) are the tail: they take what a rerun took before, for the few benchmarks left.
/// </para>
/// </summary>
public sealed record LookPlan(IReadOnlyList<double> Fractions, IReadOnlyList<double> Shares)
{
    /// <summary>Cumulative launches of each look as fractions of the profile's, and each look's share of α.</summary>
    public static LookPlan Default { get; } = new([0.375, 0.75, 1.5, 3, 6], [0.4, 0.2, 0.15, 0.15, 0.1]);

    /// <summary>The rank k of the signed-rank interval [W(k), W(M − k + 1)] a look's launches must reach at least (1 is the range of the Walsh averages).</summary>
    public const int MinCut = 2;

    public int Count => Fractions.Count;

    /// <summary>The looks within the profile's launches (a gate that takes no tail stops after them).</summary>
    public int WithinProfile => Fractions.Count(f => f <= 1 + 1e-9);

    /// <summary>The error rate look <paramref name="look"/> (0-based) spends out of <paramref name="alpha"/>.</summary>
    public double Alpha(int look, double alpha) => alpha * Shares[look];

    /// <summary>The confidence of look <paramref name="look"/>'s intervals when the whole gate may spend 1 − <paramref name="confidence"/>.</summary>
    public double Confidence(int look, double confidence) => 1 - Alpha(look, 1 - confidence);

    /// <summary>
    /// Cumulative launches at every look for a kind whose profile takes <paramref name="profileLaunches"/>,
    /// when the whole gate may spend 1 − <paramref name="confidence"/>.
    /// </summary>
    public IReadOnlyList<int> Launches(int profileLaunches, double confidence)
    {
        var result = new int[Count];
        for (var k = 0; k < Count; k++)
        {
            // the first look at its fraction of the profile's launches; every later one in proportion to the first
            var n = k == 0
                ? (int)Math.Ceiling(Fractions[0] * profileLaunches - 1e-9)
                : Math.Max((int)Math.Ceiling(result[0] * Fractions[k] / Fractions[0] - 1e-9), result[k - 1] + 1);
            result[k] = Math.Max(Math.Max(1, n), MinLaunches(Confidence(k, confidence)));
        }
        return result;
    }

    /// <summary>The fewest launches whose signed-rank interval at <paramref name="confidence"/> has a k of <see cref="MinCut"/> or more.</summary>
    public static int MinLaunches(double confidence)
    {
        for (var n = 1; n < 64; n++)
            if (RankDistributions.SignedRankCriticalCount(n, (1 - confidence) / 2) >= MinCut)
                return n;
        return 64;
    }

    /// <summary>The plan's shares must be a partition of α: positive, summing to at most 1, one per look.</summary>
    public LookPlan Checked()
    {
        if (Fractions.Count == 0 || Fractions.Count != Shares.Count || Shares.Any(s => !(s > 0)) || Shares.Sum() > 1 + 1e-9
            || Fractions.Any(f => !(f > 0)) || Fractions.Zip(Fractions.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException("a look plan needs increasing positive fractions and one positive share per look, summing to at most 1");
        return this;
    }
}
