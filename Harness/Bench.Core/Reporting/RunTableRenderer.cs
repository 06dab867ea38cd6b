using System.Globalization;
using System.Text;
using Bench.Core.Results;
using Bench.Core.Statistics;

namespace Bench.Core.Reporting;

/// <summary>
/// The console table of a run: one row per case and dispatch style, provider
/// off and on side by side (a suite without provider tags: one row per kernel);
/// medians per element and the spread (IQR/median).
/// Pure: a results document in, text out, invariant culture.
/// </summary>
public static class RunTableRenderer
{
    private const int CaseWidth = 14, StyleWidth = 22;

    /// <summary>One column of a cell: header, width, and the figure (null: the benchmark has no such metric).</summary>
    private sealed record Column(string Header, int Width, Func<BenchmarkResult, string?> Value);

    private static readonly Column[] TimingColumns =
    [
        new("cycles", 9, b => Median(b, MetricNames.Cycles, "F2")),
        new("ns", 7, b => Median(b, MetricNames.Nanoseconds, "F2")),
        new("spread", 7, b => b.Metrics.TryGetValue(MetricNames.Cycles, out var m) && m.Samples.Count > 0
            ? Inv($"{SampleSummary.Of(m.Samples).RelativeIqrPercent:F1}%") : null),
    ];

    private static readonly Column[] CountColumns =
    [
        new("instr", 8, b => Median(b, MetricNames.Instructions, "F2")),
        new("est.cyc", 8, b => Median(b, MetricNames.EstimatedCycles, "F2")),
    ];

    public static string Render(ResultsDocument doc)
    {
        var sb = new StringBuilder();
        var h = doc.Host;
        var hasTimings = doc.Benchmarks.Any(b => b.Metrics.ContainsKey(MetricNames.Cycles));
        var hasCounts = doc.Benchmarks.Any(b => b.Metrics.ContainsKey(MetricNames.Instructions));
        var columns = (hasTimings || !hasCounts ? TimingColumns : []).Concat(hasCounts ? CountColumns : []).ToArray();
        var cellWidth = columns.Sum(c => c.Width + 1) + 1;
        var what = hasTimings || !hasCounts ? $"{doc.Run.Profile} profile ({KeptSamples(doc)})" : "instruction counts";
        sb.AppendLine(Inv($"{doc.Benchmarks.Count} benchmarks, {what}, {h.CpuModel}, {h.LogicalCores} cores, timer {h.TimerFrequencyHz / 1e6:F1} MHz{(h.TimerStop is { Length: > 0 } stop ? $" (stop {stop})" : "")}, static key: {h.StaticKey.Implementation}"));
        if (hasTimings)
            sb.AppendLine("Medians of each kernel's samples over all its launches: distributions, unpaired, not costs (launches on two vCPUs up to 1.9x apart mix here). What a style costs: `bench cost`, paired.");
        sb.AppendLine();
        var sub = string.Concat(columns.Select(c => c.Header.PadLeft(c.Width) + " ")) + " ";
        string CaseName(BenchmarkResult b) => b.Implementation == "native" ? b.Case : $"{b.Implementation}/{b.Case}";
        var measured = doc.Benchmarks.Where(b => b.Runner is null).ToList();
        if (measured.Any(b => b.Provider is not null))
        {
            // Bench's page_pool suite: a kernel's provider-off and provider-on states side by side
            sb.Append(Pad("case", CaseWidth)).Append(Pad("dispatch", StyleWidth)).Append(Pad("provider-off", cellWidth)).AppendLine("provider-on");
            sb.Append(Pad("", CaseWidth + StyleWidth)).Append(sub).AppendLine(sub.TrimEnd());
            foreach (var row in measured.GroupBy(b => (b.Implementation, b.Case, b.Style, Pair: b.Provider is null ? b.Id : null)))
            {
                var off = row.FirstOrDefault(b => b.Provider is null or "off");
                var on = row.FirstOrDefault(b => b.Provider == "on");
                sb.Append(Pad(CaseName(row.First()), CaseWidth)).Append(Pad(row.Key.Style ?? "-", StyleWidth))
                  .Append(Pad(Cell(off, columns), cellWidth)).AppendLine(Cell(on, columns).TrimEnd());
            }
        }
        else
        {
            // a suite whose kernels have no provider tag: one row per kernel
            sb.Append(Pad("case", CaseWidth)).Append(Pad("style", StyleWidth)).AppendLine(sub.TrimEnd());
            foreach (var b in measured)
                sb.Append(Pad(CaseName(b), CaseWidth)).Append(Pad(b.Style ?? "-", StyleWidth)).AppendLine(Cell(b, columns).TrimEnd());
        }
        sb.AppendLine();
        if (hasTimings)
            sb.AppendLine("Medians per element. cycles = TSC ticks (cycles(tsc)), not core clocks; spread = interquartile range / median.");
        if (doc.Benchmarks.Any(b => b.Runner is not null))
            SideBySide(sb, doc);
        if (hasCounts)
            sb.AppendLine(doc.Counting is { } c
                ? $"instr = instructions per element under {c.Tool} (deterministic){(c.EstimatedCyclesFormula is { } f ? $"; est.cyc = {f}" : "")}."
                : "instr = instructions per element (deterministic).");
        if (doc.CountingSkipped is { } skipped)
            sb.AppendLine($"instructions were not counted: {skipped}");

        var problems = doc.Benchmarks.Where(b => b.Status != BenchmarkStatus.Ok || (b.Error is not null)).ToList();
        if (problems.Count > 0)
        {
            sb.AppendLine();
            foreach (var b in problems)
                sb.AppendLine($"{b.Id}: {b.Status.ToString().ToLowerInvariant()}: {b.Error}");
        }
        return sb.ToString();
    }

    /// <summary>The four ways one kernel was measured, by column.</summary>
    private static readonly (string Header, string Sub, Func<BenchmarkResult, bool> Is)[] Twins =
    [
        ("native", "harness", b => b.Implementation == "native" && b.Runner is null),
        ("managed", "PGO on", b => b.Implementation == "managed" && b.Runner?.Pgo != "off"),
        ("managed", "PGO off", b => b.Implementation == "managed" && b.Runner?.Pgo == "off"),
        ("native", "via BDN", b => b.Implementation == "native" && b.Runner is not null),
    ];

    /// <summary>Each kernel on one line: native (the harness's own timing), its managed twin with tiered PGO on and off, and the native kernel timed by BenchmarkDotNet.</summary>
    private static void SideBySide(StringBuilder sb, ResultsDocument doc)
    {
        const int cell = 10;
        var present = Twins.Where(t => doc.Benchmarks.Any(t.Is)).ToArray();
        sb.AppendLine();
        sb.AppendLine("Native and managed side by side: median cycles(tsc) per element (managed and BenchmarkDotNet columns: their ns x the TSC frequency).");
        sb.Append(Pad("case", CaseWidth)).Append(Pad("dispatch", StyleWidth)).Append(Pad("provider", 9))
          .AppendLine(string.Concat(present.Select(t => t.Header.PadLeft(cell))));
        sb.Append(Pad("", CaseWidth + StyleWidth + 9)).AppendLine(string.Concat(present.Select(t => t.Sub.PadLeft(cell))));
        // twins share the ID's name (native/x and managed/x@pgo-off are one kernel), not merely its tags
        foreach (var row in doc.Benchmarks.GroupBy(b => Catalog.BenchmarkId.Parse(b.Id).Name).Select(g => g.ToList()))
        {
            var cells = present.Select(t => row.FirstOrDefault(t.Is) is { } b
                ? b.Status == BenchmarkStatus.Ok ? Median(b, MetricNames.Cycles, "F2") ?? "-" : b.Status.ToString().ToLowerInvariant()
                : "");
            sb.Append(Pad(row[0].Case, CaseWidth)).Append(Pad(row[0].Style ?? "-", StyleWidth)).Append(Pad(row[0].Provider ?? "-", 9))
              .AppendLine(string.Concat(cells.Select(c => c.PadLeft(cell))).TrimEnd());
        }
        var runners = doc.Benchmarks.Select(b => b.Runner).OfType<RunnerInfo>().Select(r => $"{r.Name} {r.Version}, {r.Toolchain}").Distinct();
        sb.AppendLine($"Runner: {string.Join("; ", runners)}.");
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

    private static string Cell(BenchmarkResult? b, Column[] columns)
    {
        if (b is null)
            return "";
        if (b.Status != BenchmarkStatus.Ok || b.Metrics.Count == 0)
            return b.Status.ToString().ToLowerInvariant();
        return string.Concat(columns.Select(c => (c.Value(b) ?? "-").PadLeft(c.Width) + " ")) + " ";
    }

    private static string? Median(BenchmarkResult b, string metric, string format) =>
        b.Metrics.TryGetValue(metric, out var m) && m.Samples.Count > 0
            ? SampleSummary.Of(m.Samples).Median.ToString(format, CultureInfo.InvariantCulture)
            : null;

    private static string Pad(string s, int width) => s.Length >= width ? s + " " : s.PadRight(width);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
