namespace Bench.Core.Statistics;

/// <summary>
/// How far a paired run's launches drew the same native layouts more than once, and what that
/// does to the interval over launches.
/// <para>
/// A placement's effect carries the layout it drew: effect = change + Δ(layout) + the draw's own
/// noise (its launch, where its copy landed in memory, its samples), where Δ(i) is how layout i
/// reproducibly moves the difference between the builds. The interval over launches takes the
/// launches as independent, which holds for Δ while every draw is a layout no other launch drew.
/// With reuse, the run's mean carries Δ averaged over the layouts it had, with variance σ²·Σc²/N²
/// (c the draws of each layout, N all draws: σ²/M with M the effective number of distinct
/// layouts, N²/Σc²) where the interval allowed σ²/N. So the interval is widened by the
/// difference, σ²·(1/M - 1/N), each half-width combined with z·that standard deviation in
/// quadrature. Nothing changes while no layout served twice (M = N), which the deck of layouts
/// keeps true for the first round of a gate.
/// </para>
/// <para>
/// σ is the part of the placements' spread that goes with the layout, not all of it: a one-way
/// random-effects analysis of the placements' median effects grouped by layout
/// (<see cref="FixedSpread"/>). Most of what moves one placement against another is drawn anew
/// with every draw (in an A/A run the two sides' layout i hold the same code, so Δ is about 0
/// while placements still spread by a few tenths of a cycle); that part the launches already
/// average, and counting it again would widen an interval for a bias that is not there.
/// </para>
/// </summary>
/// <param name="Draws">Placements drawn over all launches.</param>
/// <param name="Layouts">Distinct layouts among them.</param>
/// <param name="Effective">N²/Σc²: as many independent layouts as the draws are worth.</param>
public sealed record LayoutReuse(int Draws, int Layouts, double Effective)
{
    /// <summary>The reuse of the layouts named launch by launch, placement by placement; null when none are named.</summary>
    public static LayoutReuse? Of(IReadOnlyList<IReadOnlyList<string>>? layouts)
    {
        if (layouts is null)
            return null;
        var counts = layouts.SelectMany(l => l).GroupBy(name => name, StringComparer.Ordinal).Select(g => (double)g.Count()).ToArray();
        if (counts.Length == 0)
            return null;
        var draws = counts.Sum();
        return new LayoutReuse((int)draws, counts.Length, draws * draws / counts.Sum(c => c * c));
    }

    /// <summary>
    /// The standard deviation of Δ(layout) between layouts, from the placements' median values
    /// grouped by the layout each drew (winsorized at 4 robust spreads around their median): (MSB - MSW) / n0 of the one-way random-effects model
    /// (n0 = (N - Σc²/N) / (k - 1)), 0 where the groups differ no more than their draws do; null
    /// when no layout was drawn twice (nothing to tell the layout's part from the draw's).
    /// Launches and placements are matched by the per-launch and per-placement counts; a launch
    /// whose counts do not fit its layouts is left out.
    /// </summary>
    public static double? FixedSpread(IReadOnlyList<double> values, IReadOnlyList<int> perLaunch, IReadOnlyList<IReadOnlyList<int>> perPlacement,
        IReadOnlyList<IReadOnlyList<string>> layouts)
    {
        if (perLaunch.Count != perPlacement.Count || perLaunch.Count != layouts.Count)
            return null;
        var all = values as double[] ?? values.ToArray();
        var groups = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var start = 0;
        for (var l = 0; l < perLaunch.Count; l++)
        {
            if (perPlacement[l].Count == layouts[l].Count && perPlacement[l].Sum() == perLaunch[l])
            {
                var at = start;
                for (var p = 0; p < perPlacement[l].Count; p++)
                {
                    var n = perPlacement[l][p];
                    if (n > 0 && at + n <= all.Length)
                    {
                        var median = SampleSummary.Of(all[at..(at + n)]).Median;
                        (groups.TryGetValue(layouts[l][p], out var g) ? g : groups[layouts[l][p]] = []).Add(median);
                    }
                    at += n;
                }
            }
            start += perLaunch[l];
        }
        var k = groups.Count;
        var total = groups.Values.Sum(g => g.Count);
        if (k < 2 || total <= k)
            return null;
        // a placement now and then runs tens of cycles off for one launch (seen: -40 and +23 among 384 draws
        // whose robust spread was 0.4): winsorized at 4 robust spreads, one such draw cannot pass for a layout's
        // effect, while a layout that is off in every draw it gets still stands out from the rest
        var drawn = groups.Values.SelectMany(g => g).ToArray();
        var center = SampleSummary.Of(drawn).Median;
        var reach = 4 * LaunchSamples.RobustSpread(drawn);
        foreach (var g in groups.Values)
            for (var i = 0; i < g.Count; i++)
                g[i] = Math.Clamp(g[i], center - reach, center + reach);
        var grand = groups.Values.SelectMany(g => g).Average();
        var msb = groups.Values.Sum(g => g.Count * Sq(g.Average() - grand)) / (k - 1);
        var msw = groups.Values.Sum(g => g.Sum(x => Sq(x - g.Average()))) / (total - k);
        var n0 = (total - groups.Values.Sum(g => (double)g.Count * g.Count) / total) / (k - 1);
        return Math.Sqrt(Math.Max(0, (msb - msw) / n0));
    }

    private static double Sq(double x) => x * x;

    /// <summary>Whether some layout served more than one draw.</summary>
    public bool Reused => Layouts < Draws;

    /// <summary>The standard deviation the finite pool adds to the run's effect, for a spread <paramref name="sigma"/> of Δ between layouts.</summary>
    public double ExtraSd(double sigma) => sigma * Math.Sqrt(Math.Max(0, 1 / Effective - 1.0 / Draws));

    /// <summary><paramref name="ci"/> widened by <see cref="ExtraSd"/> at its own confidence (an unbounded interval stays so).</summary>
    public ShiftInterval Widen(ShiftInterval ci, double sigma)
    {
        var extra = ExtraSd(sigma);
        if (!ci.IsBounded || extra <= 0)
            return ci;
        var z = RankDistributions.NormalQuantile((1 + ci.Confidence) / 2);
        double Half(double h) => Math.Sqrt(h * h + z * z * extra * extra);
        return ci with { Low = ci.Estimate - Half(ci.Estimate - ci.Low), High = ci.Estimate + Half(ci.High - ci.Estimate) };
    }
}
