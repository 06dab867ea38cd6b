using System.Globalization;
using Bench.Core.Gating;
using Bench.Core.Results;
using Bench.Core.Statistics;
using Perfolizer.Mathematics.Common;

namespace Bench.Core.Comparison;

/// <summary>
/// Decides one verdict per benchmark from raw samples. Pure: results in, comparison out.
/// <para>
/// Paired (both files are arms of one `bench ab` run): the differences of
/// samples taken side by side, d_i = head_i - base_i, give a Hodges-Lehmann
/// shift and its Wilcoxon signed-rank interval at the paired confidence.
/// Unpaired (a stored baseline): the unit is a launch, because one process is
/// one draw (a whole process may run a kernel at another speed) and samples of
/// one process are not independent; the launch medians give a Hodges-Lehmann
/// shift with Moses' interval, and Perfolizer's Mann-Whitney test against the
/// threshold decides a difference.
/// </para>
/// <para>
/// The threshold T is the larger of the rule's relative threshold (of the base
/// median) and its absolute floor. Slower: the shift is above T with the asked
/// confidence. Faster: below -T. Same: the whole interval lies within (-T, T)
/// and (paired) the differences are unimodal. Anything else is Unknown, with
/// the reason. Against a stored baseline T is at least the rule's noise factor
/// times the robust spread of the base's launch medians: what one run cannot
/// tell from the machine's own variation between processes.
/// </para>
/// </summary>
public sealed class Comparer(GateConfig config)
{
    public const string Paired = "paired";
    public const string Unpaired = "unpaired";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public GateConfig Config => config;

    private string MetricName => config.Metric == "ns" ? MetricNames.Nanoseconds : MetricNames.Cycles;

    /// <summary>True when the two files are arms of one interleaved run, so their samples pair.</summary>
    public static bool ArePaired(ResultsDocument @base, ResultsDocument head) =>
        @base.Pairing is { } b && head.Pairing is { } h && b.RunId == h.RunId && b.Role != h.Role;

    /// <param name="cyclesNotComparable">Why cycles must not be compared (the sides ran on different machines); null: compare them.</param>
    public ComparisonDocument Compare(ResultsDocument @base, ResultsDocument head, ComparedSide baseSide, ComparedSide headSide,
        IReadOnlyDictionary<string, int>? reruns = null, string? cyclesNotComparable = null)
    {
        var paired = ArePaired(@base, head);
        var baseById = @base.Benchmarks.ToDictionary(b => b.Id);
        var headIds = head.Benchmarks.Select(h => h.Id).ToHashSet();
        var drift = paired || cyclesNotComparable is not null || !config.NormalizeRunDrift ? null : RunDrift(@base, head);
        // Against a stored baseline every benchmark is one more chance to cry wolf: the
        // unpaired level is shared among them (Bonferroni), so the whole run keeps it.
        var family = paired ? 1 : Math.Max(1, head.Benchmarks.Count(h => Values(h).Count > 0 && baseById.TryGetValue(h.Id, out var b) && Values(b).Count > 0));
        // what a configured floor is in the compared results' ticks (below 1 only for a sub-GHz timer)
        var floorScale = config.Metric == "ns" ? 1 : GateRule.FloorScale(@base.Host.TimerFrequencyHz);
        var rows = head.Benchmarks.Select(h => CompareOne(baseById.GetValueOrDefault(h.Id), h, paired, cyclesNotComparable, drift, family, floorScale))
            .Concat(@base.Benchmarks.Where(b => !headIds.Contains(b.Id)).Select(b => CompareOne(b, null, paired, cyclesNotComparable)))
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
            CyclesDrift = drift,
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

    /// <summary>Fewest benchmarks whose common shift is taken as the machine's, not the code's.</summary>
    public const int MinBenchmarksForDrift = 8;

    /// <summary>
    /// The run's common drift against a stored baseline: the median over the benchmarks of head
    /// median / base median. A shared machine that runs a whole run a few percent slower or
    /// faster moves every benchmark alike; the unpaired test divides head by it, so what is
    /// judged is each benchmark's change against the rest. Null below <see cref="MinBenchmarksForDrift"/>.
    /// </summary>
    public double? RunDrift(ResultsDocument @base, ResultsDocument head)
    {
        var baseById = @base.Benchmarks.ToDictionary(b => b.Id);
        var ratios = head.Benchmarks
            .Where(h => h.Status == BenchmarkStatus.Ok && baseById.TryGetValue(h.Id, out var b) && b.Status == BenchmarkStatus.Ok)
            .Select(h => (h: Values(h), b: Values(baseById[h.Id])))
            .Where(x => x.h.Count > 0 && x.b.Count > 0 && Median(x.b) > 0)
            .Select(x => Median(x.h) / Median(x.b))
            .ToList();
        return ratios.Count < MinBenchmarksForDrift ? null : SampleSummary.Of(ratios).Median;
    }

    public BenchmarkComparison CompareOne(BenchmarkResult? @base, BenchmarkResult? head, bool paired, string? cyclesNotComparable = null,
        double? drift = null, int family = 1, double floorScale = 1)
    {
        if (head is null)
            return new BenchmarkComparison { Id = @base!.Id, Verdict = Verdict.Removed, Reason = "only in base" };
        if (@base is null)
            return new BenchmarkComparison { Id = head.Id, Verdict = Verdict.Added, Reason = "only in head" };
        var id = head.Id;
        if (head.Status == BenchmarkStatus.Unavailable || @base.Status == BenchmarkStatus.Unavailable)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Skipped, Reason = $"unavailable: {(head.Status == BenchmarkStatus.Unavailable ? head.Error : @base.Error)}" };
        if (head.Status != BenchmarkStatus.Ok)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Failed, Reason = $"head {head.Status.ToString().ToLowerInvariant()}: {head.Error}" };
        if (@base.Status != BenchmarkStatus.Ok)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Unknown, Reason = $"base {@base.Status.ToString().ToLowerInvariant()}: {@base.Error}; nothing to compare with" };
        var cycles = cyclesNotComparable is null
            ? CompareCycles(@base, head, paired, drift, family, floorScale)
            : new BenchmarkComparison { Id = id, Verdict = Verdict.Unknown, Reason = $"cycles not compared: {cyclesNotComparable}" };
        return WithInstructions(cycles, @base, head, cyclesNotComparable is null && cycles.HeadSamples > 0);
    }

    /// <summary>
    /// Adds the exact instructions verdict and combines: Slower if either metric says Slower,
    /// else Faster if either says Faster, else Same when cycles say Same. An unchanged count
    /// makes the row Same on its own only where the configuration lets it
    /// (<see cref="InstructionRules.SameFromInstructions"/>: by default only when cycles were not
    /// compared at all, a baseline from another machine); otherwise the row keeps the cycles'
    /// Unknown. Both verdicts stay in the row, so neither metric hides the other.
    /// </summary>
    private BenchmarkComparison WithInstructions(BenchmarkComparison cycles, BenchmarkResult @base, BenchmarkResult head, bool cyclesCompared)
    {
        var cycleVerdict = cyclesCompared ? cycles.Verdict : (Verdict?)null;
        cycles = cycles with { CyclesVerdict = cycleVerdict, DecidedBy = cyclesCompared ? MetricName : null };
        var bi = Deterministic(@base);
        var hi = Deterministic(head);
        if (bi is null || hi is null)
            return cycles;
        var delta = hi.Value - bi.Value;
        var rules = config.Instructions;
        var tol = rules.ThresholdFor(bi.Value);
        var iv = delta > tol ? Verdict.Slower : delta < -tol ? Verdict.Faster : Verdict.Same;
        var words = $"instructions {F(bi.Value)} -> {F(hi.Value)} per element ({S(delta)}, tolerance {F(tol)})";
        var row = cycles with { InstructionsVerdict = iv, BaseInstructions = bi, HeadInstructions = hi };
        (Verdict? V, string Name)[] both = [(cycleVerdict, MetricName), (iv, MetricNames.Instructions)];
        foreach (var decisive in new[] { Verdict.Slower, Verdict.Faster })
        {
            var deciders = both.Where(m => m.V == decisive).Select(m => m.Name).ToList();
            if (deciders.Count > 0)
                return row with { Verdict = decisive, DecidedBy = string.Join(" + ", deciders), Reason = $"{words}; {MetricName}: {Describe(cycles)}" };
        }
        if (cycleVerdict == Verdict.Same)
            return row with { Verdict = Verdict.Same, DecidedBy = $"{MetricName} + {MetricNames.Instructions}", Reason = $"{words}; {MetricName}: {cycles.Reason}" };
        var allowed = rules.SameFromInstructions == InstructionRules.Always ||
                      (rules.SameFromInstructions == InstructionRules.WhenCyclesNotCompared && !cyclesCompared);
        if (allowed)
            return row with
            {
                Verdict = Verdict.Same, DecidedBy = MetricNames.Instructions,
                Reason = $"{words}; Same on instructions alone (instructions.sameFromInstructions: {rules.SameFromInstructions}); {MetricName}: {Describe(cycles)}",
            };
        return row with
        {
            DecidedBy = null,
            Reason = $"{MetricName}: {Describe(cycles)}; {words}, which does not make it Same on its own (instructions.sameFromInstructions: {rules.SameFromInstructions})",
        };
    }

    private static string Describe(BenchmarkComparison cycles) =>
        cycles.Verdict is Verdict.Unknown ? cycles.Reason : $"{cycles.Verdict.ToString().ToLowerInvariant()}, {cycles.Reason}";

    /// <summary>The deterministic instruction count per element, when the result has one.</summary>
    private static double? Deterministic(BenchmarkResult r) =>
        r.Metrics.TryGetValue(MetricNames.Instructions, out var m) && m.Samples.Count > 0 ? m.Samples[0] : null;

    private BenchmarkComparison CompareCycles(BenchmarkResult @base, BenchmarkResult head, bool paired, double? drift, int family, double floorScale)
    {
        var id = head.Id;
        var (rule, ruleName) = config.RuleFor(id);
        var b = Values(@base);
        var h = Values(head);
        if (b.Count == 0 || h.Count == 0)
            return new BenchmarkComparison { Id = id, Verdict = Verdict.Unknown, Reason = $"no '{MetricName}' samples on the {(b.Count == 0 ? "base" : "head")} side" };
        var baseMedian = Median(b);
        var headMedian = Median(h);
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
            Rule = $"{ruleName}: T = max({F(rule.RelativeThresholdPercent)}% of base, {F(rule.AbsoluteFloor)}" +
                   (floorScale < 1 ? $" at 1 GHz = {F(rule.AbsoluteFloor * floorScale)} ticks of this timer)" : ")"),
            BaseSamples = b.Count,
            HeadSamples = h.Count,
            BaseLaunches = Math.Max(@base.SamplesPerLaunch.Count, 1),
            HeadLaunches = Math.Max(head.SamplesPerLaunch.Count, 1),
        };
        if (b.Count < rule.MinSamples || h.Count < rule.MinSamples)
            return row with { Reason = $"too few samples: base {b.Count}, head {h.Count}; the rule needs {rule.MinSamples} on each side" };
        return paired && b.Count == h.Count
            ? DecidePaired(row, b, h, rule, threshold)
            : DecideUnpaired(row, @base, head, rule, threshold, drift, family);
    }

    private BenchmarkComparison DecidePaired(BenchmarkComparison row, IReadOnlyList<double> b, IReadOnlyList<double> h, GateRule rule, double t)
    {
        var n = b.Count;
        row = row with { Mode = Paired, Pairs = n };
        if (n < rule.MinPairs)
            return row with { Reason = $"too few pairs: {n}; the rule needs {rule.MinPairs}" };
        var d = new double[n];
        for (var i = 0; i < n; i++)
            d[i] = h[i] - b[i];
        var ci = ShiftEstimators.Paired(d, config.PairedConfidence);
        var modes = DifferenceTest.Modes(d);
        row = WithInterval(row, ci) with { Modality = modes.Count };
        // Clusters of differences all inside ±T (one process placed an arm a little
        // differently) do not stop a Same; a mode beyond T does.
        var modality = modes.Any(m => Math.Abs(m) >= t) ? modes.Count : 1;
        var evidence = $"{Interval(ci)} over {n} pairs";
        if (ci.Low > t)
            return row with { Verdict = Verdict.Slower, Reason = $"{evidence} lies above +{F(t)}" };
        if (ci.High < -t)
            return row with { Verdict = Verdict.Faster, Reason = $"{evidence} lies below -{F(t)}" };
        return Undecided(row, ci, modality, t, evidence, "pairs");
    }

    private BenchmarkComparison DecideUnpaired(BenchmarkComparison row, BenchmarkResult @base, BenchmarkResult head, GateRule rule, double t,
        double? drift, int family)
    {
        row = row with { Mode = Unpaired };
        var bl = LaunchMedians(@base);
        var hl = LaunchMedians(head);
        if (drift is { } f)
            hl = hl.Select(v => v / f).ToList();
        if (bl.Count < rule.MinLaunches || hl.Count < rule.MinLaunches)
            return row with
            {
                Reason = $"too few launches: base {bl.Count}, head {hl.Count}; against a stored baseline a launch is the unit " +
                         $"(one process is one draw), and the rule needs {rule.MinLaunches} on each side (bench run --launches N)",
            };
        // The base's own launch-to-launch spread is noise no stored comparison can see through.
        var noise = rule.NoiseFactor * RobustSpread(bl);
        if (noise > t)
        {
            t = noise;
            row = row with { Threshold = t, Rule = row.Rule![..^1] + $", {F(rule.NoiseFactor)} x base launch spread {F(noise / rule.NoiseFactor)})" };
        }
        var confidence = 1 - (1 - config.UnpairedConfidence) / family;
        var ci = ShiftEstimators.Unpaired(hl, bl, confidence);
        var alpha = (1 - confidence) / 2;
        var test = DifferenceTest.Unpaired(hl, bl, t, alpha);
        row = WithInterval(row, ci) with { Modality = 1 };
        var evidence = $"{Interval(ci)}{(family > 1 ? $" ({F(config.UnpairedConfidence * 100)}% shared by {family} benchmarks)" : "")} over {bl.Count} base and {hl.Count} head launch medians" +
                       (drift is { } d ? $" (head divided by the run's drift x{d.ToString("0.000", Inv)})" : "");
        // Both must say so: Perfolizer's test against T, and the interval (the test answers
        // without testing when the shift passes 10 T, however few and spread the points).
        if (test == ComparisonResult.Greater && ci.IsBounded && ci.Low > t)
            return row with { Verdict = Verdict.Slower, Reason = $"{evidence} lies above +{F(t)}; Mann-Whitney: head > base + {F(t)} at p < {F(alpha)}" };
        if (test == ComparisonResult.Lesser && ci.IsBounded && ci.High < -t)
            return row with { Verdict = Verdict.Faster, Reason = $"{evidence} lies below -{F(t)}; Mann-Whitney: head < base - {F(t)} at p < {F(alpha)}" };
        // Launch medians are the unit: spread between launches widens the interval instead of
        // being called multimodal.
        return Undecided(row, ci, 1, t, evidence, "launches");
    }

    /// <summary>Neither Slower nor Faster: Same only when the interval is bounded, inside ±T, and the values unimodal.</summary>
    private static BenchmarkComparison Undecided(BenchmarkComparison row, ShiftInterval ci, int modality, double t, string evidence, string unit)
    {
        if (!ci.IsBounded)
            return row with { Reason = $"too few {unit} to bound the shift at {F(ci.Confidence * 100)}% confidence" };
        if (modality > 1)
            return row with { Reason = $"multimodal ({modality} modes, one past ±{F(t)}): {evidence}; the shift of a multimodal distribution is not a verdict" };
        if (ci.Low > -t && ci.High < t)
            return row with { Verdict = Verdict.Same, Reason = $"{evidence} lies within ±{F(t)}" };
        return row with { Reason = $"too noisy: {evidence} reaches past ±{F(t)}" };
    }

    private static BenchmarkComparison WithInterval(BenchmarkComparison row, ShiftInterval ci) => row with
    {
        Shift = ci.Estimate,
        ShiftLow = ci.IsBounded ? ci.Low : null,
        ShiftHigh = ci.IsBounded ? ci.High : null,
        Confidence = ci.Confidence,
    };

    private static string Interval(ShiftInterval ci) => ci.IsBounded
        ? $"shift {S(ci.Estimate)} [{S(ci.Low)}, {S(ci.High)}] at {F(ci.Confidence * 100)}%"
        : $"shift {S(ci.Estimate)} (unbounded at {F(ci.Confidence * 100)}%)";

    private IReadOnlyList<double> Values(BenchmarkResult r) =>
        r.Metrics.TryGetValue(MetricName, out var m) ? m.Samples : [];

    /// <summary>The median of each launch's samples, using the result's per-launch counts (all one launch if they do not add up).</summary>
    public IReadOnlyList<double> LaunchMedians(BenchmarkResult r)
    {
        var values = Values(r);
        var counts = r.SamplesPerLaunch;
        if (counts.Count == 0 || counts.Sum() != values.Count)
            return values.Count == 0 ? [] : [Median(values)];
        var medians = new List<double>(counts.Count);
        var start = 0;
        foreach (var c in counts)
        {
            if (c > 0)
                medians.Add(Median(values.Skip(start).Take(c).ToList()));
            start += c;
        }
        return medians;
    }

    /// <summary>1.4826 x the median absolute deviation: a standard deviation that a slow launch or two does not inflate.</summary>
    private static double RobustSpread(IReadOnlyList<double> values)
    {
        var m = Median(values.ToList());
        return 1.4826 * Median(values.Select(v => Math.Abs(v - m)).ToList());
    }

    private static double Median(IReadOnlyCollection<double> values) => SampleSummary.Of(values).Median;

    private static string F(double v) => v.ToString("0.###", Inv);

    private static string S(double v) => v.ToString("+0.000;-0.000;0.000", Inv);
}
