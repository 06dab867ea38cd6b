using System.Globalization;
using System.Text;
using Bench.Core.Results;

namespace Bench.Core.Reporting;

/// <summary>
/// The cost matrix as text for the console and as Markdown: one table per family. Every figure is
/// a paired shift (kernel minus reference, cycles(tsc) per element) with its interval and the
/// decision at ±T, or says it is unpaired. Pure, invariant culture.
/// </summary>
public static class CostMatrixRenderer
{
    private const int StyleWidth = 26, CellWidth = 44;

    public static string Text(ContrastReport report)
    {
        var m = CostMatrix.Of(report);
        var sb = new StringBuilder();
        sb.AppendLine(Headline(m));
        foreach (var f in m.Families)
        {
            sb.AppendLine();
            sb.AppendLine(FamilyLine(f));
            sb.Append(Pad("style", StyleWidth));
            foreach (var s in f.States)
                sb.Append(Pad(StateHeader(s), CellWidth));
            if (f.HasToggle)
                sb.Append("provider on vs off");
            sb.AppendLine();
            foreach (var r in f.Rows)
            {
                sb.Append(Pad(RowName(r), StyleWidth));
                foreach (var c in r.Cells)
                    sb.Append(Pad(CostMatrix.Cell(c), CellWidth));
                if (f.HasToggle)
                    sb.Append(CostMatrix.Cell(r.Toggle));
                sb.AppendLine();
            }
        }
        Footer(sb, m, s => s);
        return sb.ToString().TrimEnd() + "\n";
    }

    public static string Markdown(ContrastReport report)
    {
        var m = CostMatrix.Of(report);
        var sb = new StringBuilder();
        sb.AppendLine("### What each style costs").AppendLine();
        sb.AppendLine(MarkdownText.Escape(Headline(m)));
        foreach (var f in m.Families)
        {
            sb.AppendLine().AppendLine($"**{MarkdownText.Escape(f.Name)}**: {MarkdownText.Escape(FamilyDetails(f))}").AppendLine();
            sb.Append("| style |");
            foreach (var s in f.States)
                sb.Append(' ').Append(MarkdownText.Escape(StateHeader(s))).Append(" |");
            if (f.HasToggle)
                sb.Append(" provider on vs off |");
            sb.AppendLine();
            sb.Append("|---|").Append(string.Concat(f.States.Select(_ => "---|"))).AppendLine(f.HasToggle ? "---|" : "");
            foreach (var r in f.Rows)
            {
                sb.Append("| ").Append(MarkdownText.Escape(RowName(r))).Append(" |");
                foreach (var c in r.Cells)
                    sb.Append(' ').Append(MarkdownText.Escape(CostMatrix.Cell(c))).Append(" |");
                if (f.HasToggle)
                    sb.Append(' ').Append(MarkdownText.Escape(CostMatrix.Cell(r.Toggle))).Append(" |");
                sb.AppendLine();
            }
        }
        sb.AppendLine();
        Footer(sb, m, s => "- " + MarkdownText.Escape(s));
        return sb.ToString();
    }

    /// <summary>What the figures are, in one line.</summary>
    public static string Headline(CostMatrix m) => m.Mode == ContrastReport.Paired
        ? $"cost: each style against {ReferenceWords(m)}, paired within launches: shift in cycles(tsc) per element [interval], decided at ±T (no cost, costs more, costs less, unknown); instructions per element beside, exact. Contrasted: {m.Spec}."
        : $"cost ({m.Mode}): each style against {ReferenceWords(m)}; {(m.Mode == ContrastReport.Mixed ? "some" : "these")} figures are UNPAIRED (launch medians across processes), not the paired cost `bench cost` measures. Contrasted: {m.Spec}.";

    private static string ReferenceWords(CostMatrix m) =>
        m.Families.Select(f => f.Reference).Distinct().Count() == 1 && m.Families.Count > 0 ? m.Families[0].Reference : "each family's reference";

    public static string FamilyLine(CostFamily f) => $"{f.Name}: {FamilyDetails(f)}";

    /// <summary>A family's reference, threshold, launches and the reference's level, in words.</summary>
    public static string FamilyDetails(CostFamily f)
    {
        var t = f.ThresholdMin is { } lo && f.ThresholdMax is { } hi ? (Math.Abs(hi - lo) < 0.005 ? Inv($"T = ±{lo:0.00}") : Inv($"T = ±{lo:0.00} to ±{hi:0.00}")) : "T not set";
        var level = f.ReferenceMedian is { } med ? Inv($"; the reference's median sample is {med:0.00} cycles(tsc)/element (a level across launches and CPUs, not a cost)") : "";
        var launches = f.LaunchesMax <= 0 ? ""
            : f.LaunchesMin == f.LaunchesMax ? Inv($"; intervals over {f.LaunchesMax} launches")
            : Inv($"; intervals over {f.LaunchesMin} to {f.LaunchesMax} launches (the Unknowns measured again)");
        return $"against {f.Reference}, {t}{launches}{level}";
    }

    public static string StateHeader(string state) => state.Length == 0 ? "cost" : $"provider {state}";

    public static string RowName(CostRow r) => r.Control switch
    {
        "null-control" => $"{r.Level} (null control)",
        "detection" => $"{r.Level} (detection)",
        _ => r.Level,
    };

    private static void Footer(StringBuilder sb, CostMatrix m, Func<string, string> line)
    {
        foreach (var l in FooterLines(m))
            sb.AppendLine(line(l));
    }

    /// <summary>What the controls of contrasts said, and what could not be contrasted.</summary>
    public static IEnumerable<string> FooterLines(CostMatrix m)
    {
        var controls = m.Families.SelectMany(f => f.Rows).Where(r => r.Control is not null).SelectMany(r => r.Cells).OfType<ContrastResult>().ToList();
        var nulls = controls.Where(c => c.Kind == "null-control").ToList();
        var detections = controls.Where(c => c.Kind == "detection").ToList();
        if (nulls.Count > 0)
            yield return Inv($"null control (the reference's code under another name): {nulls.Count(c => c.Decision == "no cost")} of {nulls.Count} no cost, {nulls.Count(c => c.Decision is "costs more" or "costs less")} false alarm(s)");
        if (detections.Count > 0)
            yield return Inv($"detection (the reference plus one call per element): {detections.Count(c => c.Decision == "costs more")} of {detections.Count} costs more");
        foreach (var n in m.Notes)
            yield return n;
    }

    private static string Pad(string s, int width) => s.Length >= width ? s + " " : s.PadRight(width);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
