using System.Globalization;
using System.Text;
using Bench.Core.Results;
using Bench.Core.Statistics;

namespace Bench.Core.Reporting;

/// <summary>
/// The console table of a run: one row per case and dispatch style, provider
/// off and on side by side; medians per element and the spread (IQR/median).
/// Pure: a results document in, text out, invariant culture.
/// </summary>
public static class RunTableRenderer
{
    private const int CaseWidth = 14, StyleWidth = 22, CellWidth = 27;

    public static string Render(ResultsDocument doc)
    {
        var sb = new StringBuilder();
        var h = doc.Host;
        sb.AppendLine(Inv($"{doc.Benchmarks.Count} benchmarks, {doc.Run.Profile} profile ({KeptSamples(doc)}), {h.CpuModel}, {h.LogicalCores} cores, timer {h.TimerFrequencyHz / 1e6:F1} MHz, static key: {h.StaticKey.Implementation}"));
        sb.AppendLine();
        sb.Append(Pad("case", CaseWidth)).Append(Pad("dispatch", StyleWidth)).Append(Pad("provider-off", CellWidth)).AppendLine("provider-on");
        var sub = Inv($"{"cycles",9} {"ns",7} {"spread",7}  ");
        sb.Append(Pad("", CaseWidth + StyleWidth)).Append(sub).AppendLine(sub.TrimEnd());

        foreach (var row in doc.Benchmarks.GroupBy(b => (b.Implementation, b.Case, b.Dispatch)))
        {
            var off = row.FirstOrDefault(b => b.Provider is null or "off");
            var on = row.FirstOrDefault(b => b.Provider == "on");
            var caseName = row.Key.Implementation == "native" ? row.Key.Case : $"{row.Key.Implementation}/{row.Key.Case}";
            sb.Append(Pad(caseName, CaseWidth)).Append(Pad(row.Key.Dispatch ?? "-", StyleWidth))
              .Append(Pad(Cell(off), CellWidth)).AppendLine(Cell(on).TrimEnd());
        }
        sb.AppendLine();
        sb.AppendLine("Medians per element. cycles = TSC ticks (cycles(tsc)), not core clocks; spread = interquartile range / median.");

        var problems = doc.Benchmarks.Where(b => b.Status != BenchmarkStatus.Ok).ToList();
        if (problems.Count > 0)
        {
            sb.AppendLine();
            foreach (var b in problems)
                sb.AppendLine($"{b.Id}: {b.Status.ToString().ToLowerInvariant()}: {b.Error}");
        }
        return sb.ToString();
    }

    /// <summary>What the completed benchmarks actually kept: counted from the samples, not from the profile.</summary>
    private static string KeptSamples(ResultsDocument doc)
    {
        var ok = doc.Benchmarks.Where(b => b.Status == BenchmarkStatus.Ok && b.Metrics.ContainsKey(MetricNames.Cycles)).ToList();
        if (ok.Count == 0)
            return "no samples kept";
        var counts = ok.Select(b => b.Metrics[MetricNames.Cycles].Samples.Count).ToList();
        var launches = ok.Select(b => b.SamplesPerLaunch.Count).ToList();
        string Range(List<int> xs) => xs.Min() == xs.Max() ? Inv($"{xs.Min()}") : Inv($"{xs.Min()} to {xs.Max()}");
        return $"{Range(counts)} samples each from {Range(launches)} processes";
    }

    private static string Cell(BenchmarkResult? b)
    {
        if (b is null)
            return "";
        if (b.Status != BenchmarkStatus.Ok || !b.Metrics.TryGetValue(MetricNames.Cycles, out var cycles) || cycles.Samples.Count == 0)
            return b.Status.ToString().ToLowerInvariant();
        var c = SampleSummary.Of(cycles.Samples);
        var ns = b.Metrics.TryGetValue(MetricNames.Nanoseconds, out var n) && n.Samples.Count > 0 ? SampleSummary.Of(n.Samples).Median : double.NaN;
        return Inv($"{c.Median,9:F2} {ns,7:F2} {c.RelativeIqrPercent,6:F1}%  ");
    }

    private static string Pad(string s, int width) => s.Length >= width ? s + " " : s.PadRight(width);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
