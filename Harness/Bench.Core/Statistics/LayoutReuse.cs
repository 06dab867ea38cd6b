namespace Bench.Core.Statistics;

/// <summary>
/// How far a paired run's launches drew the same native layouts more than once, and what that
/// does to the interval over launches.
/// <para>
/// A launch's effect carries the layouts it drew: effect = change + Δ(layout) + launch noise,
/// where Δ(i) is how layout i moves the difference between the builds. The interval over launches
/// takes the launches as independent, which holds for Δ while every draw is a layout no other
/// launch drew. With reuse, the run's mean carries Δ averaged over the layouts it had, with
/// variance σ²·Σc²/N² (c the draws of each layout, N all draws: σ²/M with M the effective number
/// of distinct layouts, N²/Σc²) where the interval allowed σ²/N. So the interval is widened by
/// the difference, σ²·(1/M - 1/N), with σ the spread of Δ between the placements of one launch
/// (<see cref="PlacementVariance.BetweenPlacements"/> of the differences), each half-width
/// combined with z·that standard deviation in quadrature. Nothing changes while no layout served
/// twice (M = N), which the deck of layouts keeps true for the first round of a gate.
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
