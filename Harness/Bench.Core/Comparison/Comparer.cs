using Bench.Core.Results;

namespace Bench.Core.Comparison;

/// <summary>
/// Decides one verdict per benchmark from raw samples. Pure: results in, comparison out. It
/// checks what each side has, then leaves the cycles to <see cref="PairedDecision"/> (arms of one
/// `bench ab` run) or <see cref="UnpairedDecision"/> (a stored baseline, judged against the
/// control benchmarks' drift by <see cref="DriftGuard"/>), and the counts to
/// <see cref="InstructionDecision"/>. The threshold T of a benchmark is the larger of the rule's
/// relative threshold (of the base median) and its absolute floor; Same needs the whole interval
/// inside (-T, T), Slower and Faster need it beyond.
/// </summary>
public sealed class Comparer(GateConfig config)
{
    public const string Paired = "paired";
    public const string Unpaired = "unpaired";

    public GateConfig Config => config;

    private string MetricName => config.Metric == "ns" ? MetricNames.Nanoseconds : MetricNames.Cycles;

    private static BenchmarkComparison Added(string id) => new() { Id = id, Verdict = Verdict.Added, Reason = "only in head" };

    private static BenchmarkComparison Removed(string id) => new() { Id = id, Verdict = Verdict.Removed, Reason = "only in base" };

    /// <summary>True when the two files are arms of one interleaved run, so their samples pair.</summary>
    public static bool ArePaired(ResultsDocument @base, ResultsDocument head) =>
        @base.Pairing is { } b && head.Pairing is { } h && b.RunId == h.RunId && b.Role != h.Role;

    /// <param name="cyclesNotComparable">Why cycles must not be compared (the sides ran on different machines); null: compare them.</param>
    /// <param name="onlyInBase">Benchmarks the base has and the head lacks that neither file holds (a paired run measures only the common ones).</param>
    /// <param name="onlyInHead">Likewise for the head.</param>
    public ComparisonDocument Compare(ResultsDocument @base, ResultsDocument head, ComparedSide baseSide, ComparedSide headSide,
        IReadOnlyDictionary<string, int>? reruns = null, string? cyclesNotComparable = null,
        IReadOnlyList<string>? onlyInBase = null, IReadOnlyList<string>? onlyInHead = null)
    {
        // figures of a runner that measures time only (BenchmarkDotNet's imports) have no cycles to judge: their ns are judged, and the comparison says so
        if (config.Metric == "cycles" && TimeOnly(@base) && TimeOnly(head))
            return new Comparer(config with { Metric = "ns" }).Compare(@base, head, baseSide, headSide, reruns, cyclesNotComparable, onlyInBase, onlyInHead) with
            {
                MetricNote = "both files hold time only (BenchmarkDotNet measures ns, not cycles): the verdicts judge ns, under the rules' thresholds in ns",
            };
        var paired = ArePaired(@base, head);
        var baseById = @base.Benchmarks.ToDictionary(b => b.Id);
        var headIds = head.Benchmarks.Select(h => h.Id).ToHashSet();
        // Against a stored baseline every benchmark is one more chance to cry wolf: the
        // unpaired level is shared among them (Bonferroni), so the whole run keeps it.
        var family = paired ? 1 : Math.Max(1, head.Benchmarks.Count(h => Values(h).Count > 0 && baseById.TryGetValue(h.Id, out var b) && Values(b).Count > 0));
        // what a configured floor is in the compared results' ticks (below 1 only for a sub-GHz timer)
        var floorScale = config.Metric == "ns" ? 1 : GateRule.FloorScale(@base.Host.TimerFrequencyHz);
        var compared = head.Benchmarks.Select(h => (Base: baseById.GetValueOrDefault(h.Id), Head: h,
            Row: CompareCycles(baseById.GetValueOrDefault(h.Id), h, paired, cyclesNotComparable, family, floorScale))).ToList();
        MachineDriftReport? drift = null;
        if (!paired && cyclesNotComparable is null)
        {
            var (guarded, report) = DriftGuard.Apply(compared.Select(c => c.Row).ToList(), config.Controls);
            compared = compared.Select((c, i) => c with { Row = guarded[i] }).ToList();
            drift = report;
        }
        var rows = compared
            .Select(c => c.Base is { Status: BenchmarkStatus.Ok } b && c.Head.Status == BenchmarkStatus.Ok
                ? InstructionDecision.Combine(c.Row, b, c.Head, cyclesNotComparable is null && c.Row.HeadSamples > 0, config.Instructions, MetricName)
                : c.Row)
            .Concat(@base.Benchmarks.Where(b => !headIds.Contains(b.Id)).Select(b => b.Id).Concat(onlyInBase ?? []).Select(Removed))
            .Concat((onlyInHead ?? []).Select(Added))
            .Select(c => reruns is not null && reruns.TryGetValue(c.Id, out var n) ? c with { Reruns = n } : c)
            .ToList();
        return new ComparisonDocument
        {
            Tool = Running.BenchRun.Tool,
            CreatedUtc = DateTimeOffset.UtcNow,
            Mode = paired ? Paired : Unpaired,
            Metric = ComparedMetrics(rows),
            Unit = string.Join(" + ", UnitsOf(rows, @base, head)),
            Base = baseSide,
            Head = headSide,
            ConfigSource = config.Source,
            Benchmarks = rows,
            CyclesNotCompared = cyclesNotComparable,
            MachineDrift = drift,
            Placement = paired ? head.Run.Placement : null,
        };
    }

    /// <summary>What the verdicts rest on: the cycles metric, instructions, or both (no verdict yet: the configured metric).</summary>
    private string ComparedMetrics(IReadOnlyList<BenchmarkComparison> rows)
    {
        var names = new List<string>();
        if (rows.Any(r => r.CyclesVerdict is not null) || rows.All(r => r.InstructionsVerdict is null))
            names.Add(config.Metric);
        if (rows.Any(r => r.InstructionsVerdict is not null))
            names.Add(MetricNames.Instructions);
        return string.Join(" + ", names);
    }

    private IEnumerable<string> UnitsOf(IReadOnlyList<BenchmarkComparison> rows, ResultsDocument @base, ResultsDocument head)
    {
        var all = head.Benchmarks.Concat(@base.Benchmarks).ToList();
        string Unit(string metric, string fallback) =>
            all.Select(b => b.Metrics.TryGetValue(metric, out var m) ? m.Unit : null).FirstOrDefault(u => u is not null) ?? fallback;
        if (rows.Any(r => r.CyclesVerdict is not null) || rows.All(r => r.InstructionsVerdict is null))
            yield return Unit(MetricName, MetricName);
        if (rows.Any(r => r.InstructionsVerdict is not null))
            yield return Unit(MetricNames.Instructions, MetricNames.InstructionsUnit);
    }

    /// <summary>The row of one benchmark before instructions join it: what each side has, then the cycles decision.</summary>
    private BenchmarkComparison CompareCycles(BenchmarkResult? @base, BenchmarkResult head, bool paired, string? cyclesNotComparable, int family,
        double floorScale)
    {
        var id = head.Id;
        if (@base is null)
            return Added(id);
        if (head.Status == BenchmarkStatus.Unavailable || @base.Status == BenchmarkStatus.Unavailable)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Skipped, Reason = $"unavailable: {(head.Status == BenchmarkStatus.Unavailable ? head.Error : @base.Error)}" };
        if (head.Status != BenchmarkStatus.Ok)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Failed, Reason = $"head {head.Status.ToString().ToLowerInvariant()}: {head.Error}" };
        if (@base.Status != BenchmarkStatus.Ok)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Unknown, Reason = $"base {@base.Status.ToString().ToLowerInvariant()}: {@base.Error}; nothing to compare with" };
        if (cyclesNotComparable is not null)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Unknown, Reason = $"cycles not compared: {cyclesNotComparable}" };

        // imported figures (one sample per module load) take the rules written for them, whatever their ID
        var (rule, ruleName) = config.RuleFor(id, imported: @base.Imported is not null || head.Imported is not null);
        var b = Values(@base);
        var h = Values(head);
        if (b.Count == 0 || h.Count == 0)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Unknown, Reason = $"no '{MetricName}' samples on the {(b.Count == 0 ? "base" : "head")} side" };
        var baseMedian = Statistics.SampleSummary.Of(b).Median;
        var headMedian = Statistics.SampleSummary.Of(h).Median;
        var threshold = rule.ThresholdFor(baseMedian, floorScale);
        var row = new BenchmarkComparison
        {
            Id = id,
            Verdict = Verdict.Unknown,
            Reason = "",
            BaseMedian = baseMedian,
            HeadMedian = headMedian,
            Ratio = baseMedian == 0 ? null : headMedian / baseMedian,
            Threshold = threshold,
            Rule = $"{ruleName}: T = max({VerdictText.F(rule.RelativeThresholdPercent)}% of base, {VerdictText.F(rule.AbsoluteFloor)}" +
                   (floorScale < 1 ? $" at 1 GHz = {VerdictText.F(rule.AbsoluteFloor * floorScale)} ticks of this timer)" : ")"),
            BaseSamples = b.Count,
            HeadSamples = h.Count,
            BaseLaunches = Math.Max(@base.SamplesPerLaunch.Count(n => n > 0), 1),
            HeadLaunches = Math.Max(head.SamplesPerLaunch.Count(n => n > 0), 1),
        };
        if (b.Count < rule.MinSamples || h.Count < rule.MinSamples)
            return row with
            {
                Reason = $"too few samples: base {b.Count}, head {h.Count}; the rule needs {rule.MinSamples} on each side" +
                         (Import.BenchmarkDotNetImport.IsImport(@base) || Import.BenchmarkDotNetImport.IsImport(head)
                             ? $" and {rule.MinLaunches} launches: run BenchmarkDotNet with --launchCount {rule.MinLaunches} or more (and --iterationCount N) and import again"
                             : ""),
            };
        if (paired && b.Count == h.Count)
            return PairedDecision.Decide(row, @base, head, b, h, rule, threshold, config.PairedConfidence);
        var confidence = 1 - (1 - config.UnpairedConfidence) / family;
        var shared = family > 1 ? $" ({VerdictText.F(config.UnpairedConfidence * 100)}% shared by {family} benchmarks)" : "";
        return UnpairedDecision.Decide(row, @base, head, b, h, rule, threshold, confidence, shared);
    }

    /// <summary>True when no benchmark of the file has cycles and some have ns: the figures of a runner that measures time only.</summary>
    private static bool TimeOnly(ResultsDocument doc) =>
        doc.Benchmarks.All(b => !b.Metrics.ContainsKey(MetricNames.Cycles)) && doc.Benchmarks.Any(b => b.Metrics.ContainsKey(MetricNames.Nanoseconds));

    private IReadOnlyList<double> Values(BenchmarkResult r) =>
        r.Metrics.TryGetValue(MetricName, out var m) ? m.Samples : [];
}
