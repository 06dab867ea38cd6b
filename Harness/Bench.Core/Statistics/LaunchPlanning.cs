namespace Bench.Core.Statistics;

/// <summary>
/// How many launches per side an undecided unpaired comparison would need, from what it has seen:
/// the launch medians' robust spread and the shift estimate, taken as they are. The interval of the
/// shift narrows as z x s x sqrt(2/n) (normal approximation of Moses' interval, s the pooled robust
/// SD of launch medians); Same needs it inside ±t around an estimate smaller than t, a change needs
/// it past the change threshold on an estimate beyond it. An estimate, said as one.
/// </summary>
public static class LaunchPlanning
{
    /// <summary>The fewest launches per side at which Moses' interval can reach 99 %: 5 against 5 (P(U = 0) = 1/252).</summary>
    public const int MinimumFor99 = 5;

    /// <summary>
    /// Launches per side for a decision, or null when no number of launches would decide with this
    /// estimate (it sits at a threshold, or within the base's noise, or the count would pass a million).
    /// Two estimates, the larger taken: the normal approximation from the launch medians' robust
    /// spread, and the interval actually measured (half-width <paramref name="observedHalfWidth"/> over
    /// <paramref name="measured"/> launches a side) narrowed as 1/sqrt(n). What was measured and did
    /// not decide is never the answer: the count is always above <paramref name="measured"/>.
    /// </summary>
    /// <param name="tChange">What a change must pass (t, or more where the base's launch spread raised it).</param>
    /// <param name="measured">Launches per side already measured (the fewer of the two sides).</param>
    public static int? Needed(IReadOnlyList<double> @base, IReadOnlyList<double> head, double estimate, double t, double tChange, double confidence,
        double observedHalfWidth, int measured)
    {
        var s = Math.Sqrt((Sq(LaunchSamples.RobustSpread(@base)) + Sq(LaunchSamples.RobustSpread(head))) / 2);
        var margin = Math.Abs(estimate) < t ? t - Math.Abs(estimate) : Math.Abs(estimate) > tChange ? Math.Abs(estimate) - tChange : 0;
        if (margin <= 0)
            return null;
        var z = RankDistributions.NormalQuantile((1 + confidence) / 2);
        var approx = s == 0 ? MinimumFor99 : 2 * Sq(z * s / margin);
        var seen = double.IsFinite(observedHalfWidth) ? measured * Sq(observedHalfWidth / margin) : double.PositiveInfinity;
        var n = Math.Max(approx, seen);
        if (!(n <= 1e6))
            return null;
        return Math.Max(Math.Max(MinimumFor99, (int)Math.Ceiling(n)), measured + 1);
    }

    private static double Sq(double x) => x * x;
}
