using System.Globalization;
using System.Text;
using Bench.Core.Comparison;
using static Bench.Core.Reporting.Figures;

namespace Bench.Core.Reporting;

/// <summary>
/// The console view of a comparison: one line per benchmark (worst first),
/// medians, the shift with its interval, the ratio, then why for everything
/// that is not Same. Pure: a comparison in, text out, invariant culture.
/// </summary>
public static class ComparisonTableRenderer
{
    public static string Render(ComparisonDocument doc)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"{doc.Mode} comparison of {doc.Metric} ({doc.Unit}): base {doc.Base.Label} vs head {doc.Head.Label}; rules: {doc.ConfigSource}"));
        if (doc.Base.Machine != doc.Head.Machine)
            sb.AppendLine(Inv($"machines: base {doc.Base.Machine} | head {doc.Head.Machine}"));
        sb.AppendLine();
        foreach (var note in ComparisonNotes.Of(doc))
            sb.AppendLine(note);
        var idWidth = Math.Max(12, doc.Benchmarks.Select(b => b.Id.Length).DefaultIfEmpty(0).Max() + 1);
        var counts = doc.Benchmarks.Any(b => b.InstructionsVerdict is not null);
        var layouts = doc.Benchmarks.Any(b => b.LayoutSpread is not null);
        var header = Inv($"{"verdict",-8} {"benchmark".PadRight(idWidth)} {"base",8} {"head",8} {"shift [interval]",-27} {(layouts ? Inv($"{"layout ±",9} ") : "")}{"ratio",6} {"n",7}");
        sb.AppendLine(counts ? Inv($"{header} {"instr",8} {"Δinstr",7}  decided by") : header);
        var rows = VerdictOrder.Sort(doc.Benchmarks);
        foreach (var b in rows)
        {
            var line = Inv($"{b.Verdict,-8} {b.Id.PadRight(idWidth)} {Num(b.BaseMedian),8} {Num(b.HeadMedian),8} {Shift(b),-27} {(layouts ? Inv($"{Num(b.LayoutSpread),9} ") : "")}{Num(b.Ratio, "F3"),6} {Count(b),7}");
            if (counts)
                line += Inv($" {Num(b.HeadInstructions),8} {InstructionDelta(b),7}  {b.DecidedBy ?? "-"}");
            sb.AppendLine(line.TrimEnd());
        }
        var (columns, twins) = TwinTable.Of(doc.Benchmarks);
        if (twins.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(Inv($"Native and managed side by side (verdict, shift in {doc.Unit}):"));
            // a case name as long as the column ("pp01-fast-niov") keeps a space before the dispatch
            var caseWidth = Math.Max(14, twins.Max(t => t.Case.Length) + 1);
            sb.AppendLine("case".PadRight(caseWidth) + Inv($"{"dispatch",-22}{"provider",-9}") + string.Concat(columns.Select(c => c.PadRight(18))).TrimEnd());
            foreach (var t in twins)
                sb.AppendLine((t.Case.PadRight(caseWidth) + Inv($"{t.Dispatch,-22}{t.Provider,-9}") + string.Concat(t.Cells.Select(c => TwinTable.Cell(c).PadRight(18)))).TrimEnd());
        }
        var notes = rows.Where(b => b.Verdict != Verdict.Same).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var b in notes)
                sb.AppendLine($"{b.Verdict.ToString().ToLowerInvariant()} {b.Id}: {b.Reason}");
        }
        sb.AppendLine();
        sb.AppendLine(VerdictOrder.Summary(doc));
        if (doc.Gate is { } g)
            sb.AppendLine(Inv($"gate: {g.Outcome.Word()} (exit {g.ExitCode}): {g.Summary}"));
        return sb.ToString();
    }

    private static string Count(BenchmarkComparison b) => b.Pairs is { } p ? Inv($"{p}p") : b.HeadSamples > 0 ? Inv($"{b.BaseLaunches}/{b.HeadLaunches}L") : "-";
}
