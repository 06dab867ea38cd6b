using Bench.Core.Results;

namespace Bench.Core.Reporting;

/// <summary>
/// The cost matrix every view draws (console, Markdown, HTML): per family (one case, native or
/// managed), a row per style with a cell per provider state (the style against the reference)
/// and one for turning the provider on under that style; the controls of contrasts last.
/// </summary>
public sealed record CostMatrix(string Mode, string Spec, IReadOnlyList<CostFamily> Families, IReadOnlyList<string> Notes)
{
    public static CostMatrix Of(ContrastReport report)
    {
        var families = report.Rows.GroupBy(r => r.Family).Select(g =>
        {
            var rows = g.ToList();
            var states = rows.Where(r => r.Kind is "style" or "null-control" or "detection").Select(r => r.State ?? "").Distinct()
                .OrderBy(s => s == ContrastStates.Off ? 0 : s == ContrastStates.On ? 1 : 2).ThenBy(s => s, StringComparer.Ordinal).ToList();
            var styles = rows.GroupBy(r => r.Level).Select(s => new CostRow(s.Key, s.Select(r => r.Kind).FirstOrDefault(k => k is "null-control" or "detection"),
                states.Select(st => s.FirstOrDefault(r => r.Kind != "toggle" && (r.State ?? "") == st)).ToList(),
                s.FirstOrDefault(r => r.Kind == "toggle"))).OrderBy(r => r.Control is null ? 0 : 1).ToList();
            var thresholds = rows.Where(r => r.Comparison.Threshold is not null).Select(r => r.Comparison.Threshold!.Value).ToList();
            var reference = rows[0].Reference;
            var any = rows.FirstOrDefault(r => r.Reference == reference && r.Comparison.BaseMedian is not null);
            return new CostFamily(g.Key, reference, any?.Comparison.BaseMedian, thresholds.Count == 0 ? null : thresholds.Min(),
                thresholds.Count == 0 ? null : thresholds.Max(), states, styles.Any(s => s.Toggle is not null), styles,
                rows.Where(r => r.Comparison.Launches > 0).Select(r => r.Comparison.Launches!.Value).DefaultIfEmpty(0).Min(),
                rows.Select(r => r.Comparison.Launches ?? 0).DefaultIfEmpty(0).Max());
        }).ToList();
        return new CostMatrix(report.Mode, report.Spec, families, report.Notes);
    }

    /// <summary>A cell's figures: shift [interval] and the decision; Δinstr beside where counted.</summary>
    public static string Cell(ContrastResult? r, bool withInstructions = true)
    {
        if (r is null)
            return "-";
        var c = r.Comparison;
        var interval = c.ShiftLow is { } lo && c.ShiftHigh is { } hi ? Inv($" [{lo:+0.00;-0.00;0.00}, {hi:+0.00;-0.00;0.00}]") : "";
        var shift = c.Shift is { } s ? Inv($"{s:+0.00;-0.00;0.00}") + interval + " " : "";
        var instr = withInstructions && r.InstructionDelta is { } d ? Inv($", {d:+0.##;-0.##;0} instr") : "";
        return shift + r.Decision + instr;
    }

    private static string Inv(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The toggled tag's values as the matrix orders them.</summary>
internal static class ContrastStates
{
    public const string Off = Contrasts.ContrastSpec.Off, On = Contrasts.ContrastSpec.On;
}

/// <param name="Reference">The reference kernel's ID.</param>
/// <param name="ReferenceMedian">Its median cycles(tsc) per element over the paired samples (a level, not a cost).</param>
/// <param name="States">The columns: provider states (empty string where nothing is toggled).</param>
/// <param name="HasToggle">Whether a column gives turning the provider on under each style.</param>
/// <param name="LaunchesMin">The fewest launches a contrast's interval is built over (a contrast decided in the first round).</param>
/// <param name="LaunchesMax">The most (one measured again while it was Unknown).</param>
public sealed record CostFamily(string Name, string Reference, double? ReferenceMedian, double? ThresholdMin, double? ThresholdMax,
    IReadOnlyList<string> States, bool HasToggle, IReadOnlyList<CostRow> Rows, int LaunchesMin, int LaunchesMax);

/// <param name="Control"><c>null-control</c> or <c>detection</c> for a control's row; null for a style.</param>
/// <param name="Cells">Per state (<see cref="CostFamily.States"/>): the style against the reference there, or null.</param>
/// <param name="Toggle">The style with the provider on against it off; null where it has no such pair.</param>
public sealed record CostRow(string Level, string? Control, IReadOnlyList<ContrastResult?> Cells, ContrastResult? Toggle);
