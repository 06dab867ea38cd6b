using System.Text;
using Bench.Core.Statistics;
using static Bench.Core.Reporting.Figures;

namespace Bench.Core.Reporting;

/// <summary>
/// `bench variance`: where each benchmark's variation comes from (<see cref="PlacementVariance"/>),
/// and what it makes of a launch with 1, 2 or 4 placements at the samples a launch took. Pure:
/// decompositions in, text out, invariant culture.
/// </summary>
public static class VarianceRenderer
{
    /// <summary>Placement counts a launch could be split into, for the last columns.</summary>
    public static readonly int[] Splits = [1, 2, 4];

    public static string Render(string what, string unit, IReadOnlyList<(string Id, PlacementVariance? Variance)> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"Where the variation comes from, {what}: standard deviations in {unit}."));
        sb.AppendLine("  within: sample to sample in one placement; placements: of one placement around its launch (the layout spread);");
        sb.AppendLine("  launches: of a launch beyond its placements; K=1, 2, 4: a launch's value with its samples split into K placements, estimated from these components.");
        var width = Math.Max(12, rows.Select(r => r.Id.Length).DefaultIfEmpty(0).Max() + 1);
        sb.AppendLine(Inv($"{"benchmark".PadRight(width)} {"within",8} {"placements",10} {"launches",9} {"L x P x n",12} ") +
                      string.Join(" ", Splits.Select(k => Inv($"{"K=" + k,7}"))));
        foreach (var (id, v) in rows)
        {
            if (v is null)
            {
                sb.AppendLine(Inv($"{id.PadRight(width)} no samples to decompose"));
                continue;
            }
            var perLaunch = v.Placements * v.SamplesPerPlacement;
            var at = Splits.Select(k => Inv($"{Num(Math.Sqrt(v.LaunchVariance(k, Math.Max(1, perLaunch / k))), "F3"),7}"));
            sb.AppendLine(Inv($"{id.PadRight(width)} {Num(v.WithinPlacement, "F3"),8} {Num(v.BetweenPlacements, "F3"),10} {Num(v.BetweenLaunches, "F3"),9} ") +
                          Inv($"{$"{v.Launches}x{v.Placements}x{v.SamplesPerPlacement}",12} ") + string.Join(" ", at));
        }
        var placed = rows.Where(r => r.Variance is { BetweenPlacements: not null }).ToList();
        if (placed.Count == 0)
            sb.AppendLine("No launch ran two placements, so placement could not be told from the launch: run `bench ab --placements 2` (or more) to measure it.");
        return sb.ToString();
    }
}
