using System.Globalization;
using Bench.Core.Baselines;
using Bench.Core.Comparison;
using Bench.Core.History;
using Bench.Core.Results;

namespace Bench.Core.Reporting;

/// <summary>
/// From documents to a <see cref="ReportModel"/>: groups benchmarks into case charts, orders the
/// comparison worst first, turns a history into trends with change points. Pure: documents in,
/// model out; no clock, no culture, no disk.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The chart that holds the loops without a dispatch style (for_loop, atomic_inc, lock).</summary>
    public const string BaselinesCase = "baselines";

    private static readonly Dictionary<string, string> CaseTitles = new(StringComparer.Ordinal)
    {
        [BaselinesCase] = "Baselines: for_loop, atomic_inc, lock",
        ["pp01-fast"] = "pp01-fast: alloc cache fast path, recycled directly",
        ["pp01-fast-niov"] = "pp01-fast-niov: the fast path with the devmem series' recycle test (net_iov bit, in each style's shape)",
        ["pp02-ptr-ring"] = "pp02-ptr-ring: recycled through the ptr_ring",
        ["pp03-slow"] = "pp03-slow: a put that cannot recycle (release dispatch on every element)",
        ["dispatch"] = "dispatch: both provider dispatch sites on every element",
    };

    /// <param name="results">The run whose samples the case charts show (for a gate: the head).</param>
    /// <param name="comparison">Its comparison with a base; null for a plain run.</param>
    /// <param name="history">Saved runs (any machine; only this run's machine is drawn); null or empty: no history section.</param>
    /// <param name="minRelativeChange">Smallest level change marked in the history (the gate's relative threshold).</param>
    public static ReportModel Build(ResultsDocument results, ComparisonDocument? comparison, IReadOnlyList<HistoryEntry>? history,
        string? title = null, double minRelativeChange = 0.02)
    {
        var fingerprint = MachineFingerprint.Of(results.Host);
        var notes = new List<string>();
        if (Hosting.CpuProbe.Describe(results.Run.CpuProbe) is { } speeds)
            notes.Add(speeds + ".");
        if (results.CountingSkipped is { } skipped)
            notes.Add($"Instructions were not counted: {skipped}");
        if (comparison is not null)
        {
            notes.AddRange(ComparisonNotes.Of(comparison));
            if (comparison.Head.CreatedUtc != results.CreatedUtc)
                notes.Add(Inv($"The charts show the run of {results.CreatedUtc:yyyy-MM-dd HH:mm:ss} UTC, which is not the comparison's head (measured {comparison.Head.CreatedUtc:yyyy-MM-dd HH:mm:ss} UTC)."));
        }
        return new ReportModel
        {
            Title = title ?? (comparison is null ? results.Contrasts is null ? "Bench run" : "Bench cost" : "Bench comparison"),
            Header = Header(results, comparison, fingerprint),
            Cases = Cases(results),
            NotMeasured = results.Benchmarks.Where(b => b.Status != BenchmarkStatus.Ok)
                .Select(b => new NotMeasured(b.Id, b.Status.ToString().ToLowerInvariant(), b.Error ?? "no reason recorded")).ToList(),
            Comparison = comparison is null ? null : new ComparisonSection(comparison.Mode, comparison.Metric, comparison.Unit,
                VerdictOrder.Sort(comparison.Benchmarks),
                comparison.Benchmarks.Any(b => b.BaseInstructions is not null || b.HeadInstructions is not null)),
            History = history is { Count: > 0 } ? History(history, fingerprint, minRelativeChange) : null,
            Costs = results.Contrasts,
            TextLines = TimeBenchLines.Render(results),
            Notes = notes,
            ToolVersion = results.Tool.Version,
        };
    }

    private static ReportHeader Header(ResultsDocument results, ComparisonDocument? comparison, MachineFingerprint fingerprint)
    {
        if (comparison is null)
        {
            var ok = results.Benchmarks.Count(b => b.Status == BenchmarkStatus.Ok);
            var headline = Inv($"{ok} of {results.Benchmarks.Count} benchmarks measured ({results.Run.Profile} profile); no comparison");
            return new ReportHeader("run", headline, null, [], fingerprint.Describe(),
                [new ReportSide("run", "this run", results.Host.Commit, results.CreatedUtc, fingerprint.Describe())],
                results.CreatedUtc, null, MetricNames.CyclesUnit);
        }
        var gate = comparison.Gate ?? throw new ArgumentException("a comparison to report carries its gate's decision");
        var counts = VerdictOrder.All.Select(v => new VerdictCount(v.ToString().ToLowerInvariant(), comparison.Count(v))).Where(c => c.Count > 0).ToList();
        return new ReportHeader(gate.Outcome.Word(), gate.Summary, gate.ExitCode, counts, fingerprint.Describe(),
            [Side("base", comparison.Base), Side("head", comparison.Head)], comparison.CreatedUtc, comparison.ConfigSource,
            $"{comparison.Metric} ({comparison.Unit}), {comparison.Mode}");
    }

    private static ReportSide Side(string role, ComparedSide s) => new(role, s.Label, s.Commit, s.CreatedUtc, s.Machine);

    private static IReadOnlyList<CaseChart> Cases(ResultsDocument results)
    {
        var measured = results.Benchmarks.Where(b => b.Status == BenchmarkStatus.Ok && b.Metrics.TryGetValue(MetricNames.Cycles, out var m) && m.Samples.Count > 0).ToList();
        var charts = new List<CaseChart>();
        foreach (var group in measured.GroupBy(CaseOf).OrderBy(g => g.Key == BaselinesCase ? 0 : 1))
        {
            // a kernel's place on the axis: its style (its case among the loops), or, where two kernels of one series
            // share that (a suite's kernels differing in a tag of their own), the name its ID gives it
            Func<BenchmarkResult, string> category = b => b.Style ?? b.Case;
            if (group.GroupBy(SeriesKey).Any(g => g.GroupBy(category).Any(c => c.Count() > 1)))
                category = b => Catalog.BenchmarkId.Parse(b.Id).Name;
            var categories = group.Select(category).Distinct().ToList();
            var series = group.GroupBy(SeriesKey).OrderBy(g => SeriesRank(g.First())).Select(g =>
            {
                var byCategory = g.ToDictionary(category);
                return new CaseSeries(SeriesLabel(g.First()), g.Key,
                    categories.Select(c => byCategory.TryGetValue(c, out var b) ? b.Metrics[MetricNames.Cycles].Samples.Select(Round).ToArray() : null).ToList(),
                    categories.Select(c => byCategory.TryGetValue(c, out var b) ? b.Id : null).ToList());
            }).ToList();
            var (axisMin, axisMax) = Axis(series.SelectMany(s => s.Samples).OfType<double[]>().ToList());
            var clipped = series.SelectMany(s => s.Samples).OfType<double[]>().Sum(v => v.Count(x => x < axisMin || x > axisMax));
            charts.Add(new CaseChart(group.Key, CaseTitles.GetValueOrDefault(group.Key, group.Key), MetricNames.CyclesUnit, categories, series,
                axisMin, axisMax, clipped));
        }
        return charts;
    }

    /// <summary>
    /// The value axis: from the lowest lower whisker to the highest upper whisker (Tukey's, 1.5 IQR
    /// beyond the quartiles, within the data) over every box, padded by 5% of that span.
    /// </summary>
    private static (double Min, double Max) Axis(IReadOnlyList<double[]> boxes)
    {
        double lo = double.MaxValue, hi = double.MinValue;
        foreach (var box in boxes)
        {
            var s = Statistics.SampleSummary.Of(box);
            var iqr = s.Q3 - s.Q1;
            lo = Math.Min(lo, box.Where(x => x >= s.Q1 - 1.5 * iqr).Min());
            hi = Math.Max(hi, box.Where(x => x <= s.Q3 + 1.5 * iqr).Max());
        }
        var pad = Math.Max((hi - lo) * 0.05, 0.01);
        return (Round(Math.Max(0, lo - pad)), Round(hi + pad));
    }

    private static string CaseOf(BenchmarkResult b) => b.Style is null ? BaselinesCase : b.Case;

    /// <summary>Which implementation took the samples: the harness's native runner, BenchmarkDotNet on native, managed with or without PGO.</summary>
    private static (int Rank, string Key, string Label) Implementation(BenchmarkResult b) => (b.Implementation, b.Runner) switch
    {
        ("native", null) => (0, "native", "native"),
        ("native", _) => (3, "native-bdn", "native via BenchmarkDotNet"),
        ("managed", { Pgo: "off" }) => (2, "managed-nopgo", "managed, PGO off"),
        ("managed", _) => (1, "managed", "managed"),
        // an implementation the report has no name for is a series of its own, never merged with another's
        (var other, { Pgo: "off" }) => (4, other + "-nopgo", other + ", PGO off"),
        (var other, _) => (4, other, other),
    };

    private static string SeriesKey(BenchmarkResult b) => $"{Implementation(b).Key}|{b.Provider ?? "-"}";

    private static int SeriesRank(BenchmarkResult b) => Implementation(b).Rank * 3 + (b.Provider switch { "off" => 0, "on" => 1, _ => 2 });

    private static string SeriesLabel(BenchmarkResult b) =>
        b.Provider is null ? Implementation(b).Label : $"{Implementation(b).Label}, provider {b.Provider}";

    private static HistorySection History(IReadOnlyList<HistoryEntry> all, MachineFingerprint fingerprint, double minRelativeChange)
    {
        var key = fingerprint.Key();
        var entries = all.Where(e => e.MachineKey == key).OrderBy(e => e.CreatedUtc).ToList();
        var runs = entries.Select(e => e.CreatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) +
                                       (e.Commit is { Length: >= 7 } c ? " " + c[..7] : "")).ToList();
        var ids = entries.SelectMany(e => e.Benchmarks.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var charts = ids.GroupBy(HistoryCase).OrderBy(g => g.Key == BaselinesCase ? 0 : 1).Select(g => new HistoryChart(g.Key,
            CaseTitles.GetValueOrDefault(g.Key, g.Key), g.Select(id =>
            {
                var values = entries.Select(e => e.Benchmarks.TryGetValue(id, out var p) && p.Cycles is { } v ? Round(v) : (double?)null).ToList();
                return new HistorySeries(id, id, values, ChangePointsOf(values, minRelativeChange));
            }).ToList())).ToList();
        return new HistorySection(fingerprint.Describe(), runs, charts, all.Count - entries.Count, minRelativeChange);
    }

    /// <summary>Change points over the runs that have a value, reported at the index of the run in the whole history.</summary>
    private static IReadOnlyList<ChangePoint> ChangePointsOf(IReadOnlyList<double?> values, double minRelativeChange)
    {
        var present = values.Select((v, i) => (v, i)).Where(x => x.v is not null).ToList();
        return ChangePoints.Find(present.Select(x => x.v!.Value).ToList(), minDistance: 2, minRelativeChange)
            .Select(p => p with { Index = present[p.Index].i }).ToList();
    }

    /// <summary>The case of an ID (<c>impl/case/style/provider</c>, a suite's <c>suite/kernel</c>); a one-part name is a baseline loop.</summary>
    private static string HistoryCase(string id) => Catalog.BenchmarkId.Parse(id) is { Segments.Count: >= 2 } b ? b.Case : BaselinesCase;

    private static double Round(double v) => Math.Round(v, 3, MidpointRounding.AwayFromZero);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
