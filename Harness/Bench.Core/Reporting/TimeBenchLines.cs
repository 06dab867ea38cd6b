using System.Globalization;
using Bench.Core.Results;

namespace Bench.Core.Reporting;

/// <summary>
/// One line per benchmark in the shape the kernel's time_bench prints (and the native driver
/// prints), for people who grep: <c>Type:ID Per elem: C cycles(tsc) N ns (step:0) - (...)</c>.
/// The figures are the run's medians per element; the bracket says so, with the sample count
/// and the elements per sample (time_bench's invoke count). Pure; invariant culture.
/// </summary>
public static class TimeBenchLines
{
    public static IReadOnlyList<string> Render(ResultsDocument doc)
    {
        var lines = new List<string>();
        foreach (var b in doc.Benchmarks)
        {
            if (b.Status != BenchmarkStatus.Ok)
            {
                lines.Add(Inv($"Type:{b.Id} {b.Status.ToString().ToLowerInvariant()}: {b.Error ?? "no reason recorded"}"));
                continue;
            }
            var parts = new List<string>();
            if (Median(b, MetricNames.Cycles) is { } cycles)
            {
                var ns = Median(b, MetricNames.Nanoseconds);
                var n = b.Metrics[MetricNames.Cycles].Samples.Count;
                var runner = b.Runner is { } r ? Inv($", {r.Name} {r.Job}, PGO {r.Pgo}") : "";
                parts.Add(Inv($"Per elem: {cycles:F3} cycles(tsc) {(ns is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "-")} ns (step:0) - (median of {n} samples, invoke count:{b.Loops}{runner})"));
            }
            if (Median(b, MetricNames.Instructions) is { } instructions)
                parts.Add(Inv($"(instructions per elem:{instructions:F3})"));
            if (parts.Count > 0)
                lines.Add($"Type:{b.Id} {string.Join(" - ", parts)}");
        }
        return lines;
    }

    private static double? Median(BenchmarkResult b, string metric) =>
        b.Metrics.TryGetValue(metric, out var m) && m.Samples.Count > 0 ? Statistics.SampleSummary.Of(m.Samples).Median : null;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
