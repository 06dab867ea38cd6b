using System.Diagnostics;
using Bench.Core.Baselines;
using Bench.Core.Comparison;
using Bench.Core.Gating.Samplers;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Core.Gating;

/// <summary>What a gate produced: the two sides as finally sampled, and the decided comparison.</summary>
/// <param name="First">The comparison at the end of the profile's launches, before the tail looks (what a gate without them would have decided).</param>
public sealed record GateResult(ResultsDocument Base, ResultsDocument Head, ComparisonDocument Comparison, ComparisonDocument First)
{
    /// <summary>The result with the base's build time among both sides' phases (the CLI builds before the gate measures).</summary>
    public GateResult WithBuild(TimeSpan build)
    {
        ResultsDocument With(ResultsDocument d) => d with
        {
            Run = d.Run with { Phases = PhaseClock.Sum(new Dictionary<string, double> { [PhaseClock.Build] = build.TotalSeconds }, d.Run.Phases) },
        };
        return this with { Base = With(Base), Head = With(Head) };
    }
}

/// <summary>
/// The gate, as a sequential loop over a <see cref="ISampler"/> (<see cref="LookPlan"/>): measure a
/// batch of launches of everything, look, decide what the evidence decides at this look's share
/// of the error rate, and measure the next batch of only what is still undecided (its cycles, even
/// where instructions settled the row), until nothing is undecided, the plan's looks are spent,
/// or the time is. `bench gate`, `bench ab`, `bench cost` and `bench selftest` differ only in the
/// sampler they hand it.
/// </summary>
/// <param name="rerun">Whether the tail looks (past the profile's launches) may be taken.</param>
/// <param name="cyclesNotComparable">Why cycles must not be compared (a baseline from another machine); null: compare them.</param>
/// <param name="clock">Time since the gate began (tests pass their own); null: a stopwatch.</param>
public sealed class GateSession(GateConfig config, bool rerun = true, string? cyclesNotComparable = null, Func<TimeSpan>? clock = null)
{
    /// <summary>The looks this gate takes and what each may spend.</summary>
    public LookPlan Plan { get; init; } = LookPlan.Default;

    /// <param name="stored">The base when the sampler measures head alone (a stored baseline); ignored when it measures both arms.</param>
    public GateResult Run(ISampler sampler, ResultsDocument? stored, string baseLabel, string? baseSource, string headLabel, string? headSource)
    {
        var elapsed = clock ?? Stopwatch.StartNew().Elapsed();
        var phases = new PhaseClock();
        var plan = Plan.Checked();
        var (unitNative, unitManaged) = sampler.ProfileLaunches;
        var nativeAt = plan.Launches(unitNative, config.PairedConfidence);
        var managedAt = plan.Launches(unitManaged, config.PairedConfidence);
        var lastLook = !sampler.Resamples ? 1 : Math.Min(plan.Count, plan.WithinProfile + (rerun ? Math.Max(0, config.Rerun.MaxRounds) : 0));
        ResultsDocument? @base = null, head = null;
        Measured? first = null;
        var frozen = new Dictionary<string, BenchmarkComparison>(StringComparer.Ordinal);
        var looks = new List<LookRecord>();
        ComparisonDocument? comparison = null, firstComparison = null;
        IReadOnlyList<string> undecided = [];
        TimeSpan? tailStart = null;
        var wall = config.Rerun.WallSeconds;
        for (var look = 0; look < lastLook; look++)
        {
            var now = elapsed();
            if (look > 0)
            {
                if (undecided.Count == 0 || (wall > 0 && now.TotalSeconds >= wall))
                    break;
                // the tail (looks past the profile's launches) takes what the reruns took before: their budget
                if (look >= plan.WithinProfile && (now - (tailStart ??= now)).TotalSeconds >= config.Rerun.BudgetSeconds)
                    break;
            }
            var (nativeBatch, managedBatch) = look == 0 ? (nativeAt[0], managedAt[0]) : (nativeAt[look] - nativeAt[look - 1], managedAt[look] - managedAt[look - 1]);
            var started = elapsed();
            var measured = 0;
            var lookIds = undecided;
            if (look == 0)
            {
                first = sampler.Measure(new Batch(0, null, nativeBatch, managedBatch) { Clock = phases });
                head = first.Head;
                measured = head.Benchmarks.Count;
                // Only what this run selected is judged: a filtered gate does not report the rest as removed.
                var selected = head.Benchmarks.Select(b => b.Id).ToHashSet();
                @base = first.Base ?? (stored ?? throw new ArgumentException("a sampler of head alone needs a stored base", nameof(stored))) with
                {
                    Benchmarks = stored.Benchmarks.Where(b => selected.Contains(b.Id)).ToList(),
                };
            }
            else
            {
                var loops = head!.Benchmarks.Where(b => undecided.Contains(b.Id) && b.Loops > 0).ToDictionary(b => b.Id, b => b.Loops);
                var budgetEnd = tailStart is { } tail ? (tail.TotalSeconds + config.Rerun.BudgetSeconds) : double.PositiveInfinity;
                // the estimate of a batch can be short (a batch of a few benchmarks is mostly the launches' fixed cost): at the
                // gate's wall time (or the tail's budget) no further launch starts, and the batch ends with the launches it has
                foreach (var (part, until) in Parts(undecided, started.TotalSeconds))
                {
                    var end = Math.Min(until ?? double.PositiveInfinity, budgetEnd);
                    Func<bool>? stop = double.IsFinite(end) ? () => elapsed().TotalSeconds >= end : null;
                    var more = sampler.Measure(new Batch(look, part, nativeBatch, managedBatch) { Loops = loops, StopLaunching = stop, Clock = phases });
                    if (more.Base is not null)
                        @base = ResultsMerge.Append(@base!, more.Base);
                    head = ResultsMerge.Append(head, more.Head);
                }
                measured = undecided.Count;
            }
            var lookConfig = config with
            {
                PairedConfidence = plan.Confidence(look, config.PairedConfidence),
                UnpairedConfidence = plan.Confidence(look, config.UnpairedConfidence),
            };
            comparison = new Comparer(lookConfig).Compare(@base!, head!, Side(@base!, baseLabel, baseSource), Side(head!, headLabel, headSource), null,
                cyclesNotComparable, first!.OnlyInBase, first.OnlyInHead);
            var decidedNow = 0;
            foreach (var row in comparison.Benchmarks.Where(r => !frozen.ContainsKey(r.Id)))
                if (!Undecided(row) || !sampler.Resamples)
                {
                    frozen[row.Id] = AtLook(row, look, plan, sampler.Resamples);
                    decidedNow++;
                }
            undecided = comparison.Benchmarks.Where(r => !frozen.ContainsKey(r.Id)).Select(r => r.Id).ToList();
            var kinds = look == 0 ? head!.Benchmarks.Select(b => b.Id).ToList() : lookIds;
            looks.Add(new LookRecord(look + 1, kinds.Any(id => !Running.Dotnet.DotnetIds.IsManaged(id)) ? nativeAt[look] : 0,
                kinds.Any(Running.Dotnet.DotnetIds.IsManaged) ? managedAt[look] : 0, measured, decidedNow,
                plan.Alpha(look, 1 - (comparison.Mode == Comparer.Unpaired ? config.UnpairedConfidence : config.PairedConfidence)),
                Math.Round((elapsed() - started).TotalSeconds, 3)));
            if (look == Math.Min(plan.WithinProfile, lastLook) - 1)
                firstComparison = Composed(comparison, frozen, look, plan);
        }
        var lastIndex = looks.Count - 1;
        var final = Composed(comparison!, frozen, lastIndex, plan);
        ResultsDocument Timed(ResultsDocument d) => d with { Run = d.Run with { Phases = phases.Snapshot(), Looks = looks } };
        return new GateResult(Timed(@base!), Timed(head!), Decided(final), Decided(firstComparison ?? final));
    }

    /// <summary>Whether another batch may decide the row: its verdict or its cycles are Unknown, and both sides have samples.</summary>
    private static bool Undecided(BenchmarkComparison b) =>
        (b.Verdict == Verdict.Unknown || b.CyclesVerdict == Verdict.Unknown) && b.HeadSamples > 0 && b.BaseSamples > 0;

    /// <summary>A row as the look that decided it left it: its reason says after how many looks and launches.</summary>
    private static BenchmarkComparison AtLook(BenchmarkComparison row, int look, LookPlan plan, bool resamples)
    {
        if (!resamples || row.HeadSamples == 0 || row.BaseSamples == 0)
            return row;
        var launches = row.Launches ?? Math.Min(row.BaseLaunches, row.HeadLaunches);
        var state = Undecided(row) ? "still undecided at" : "decided at";
        return row with
        {
            Reason = $"{row.Reason}; {state} look {look + 1} of {plan.Count}, after {launches} launches",
            Reruns = Math.Max(0, look + 1 - plan.WithinProfile),
        };
    }

    /// <summary>The rows of the last look, each decided row as the look that decided it left it.</summary>
    private static ComparisonDocument Composed(ComparisonDocument last, IReadOnlyDictionary<string, BenchmarkComparison> frozen, int look, LookPlan plan) =>
        last with { Benchmarks = last.Benchmarks.Select(r => frozen.TryGetValue(r.Id, out var f) ? f : AtLook(r, look, plan, true)).ToList() };

    /// <summary>The comparison with the gate's verdict on it: every path (measured or not) decides here.</summary>
    private static ComparisonDocument Decided(ComparisonDocument comparison) => comparison with { Gate = GatePolicy.Decide(comparison) };

    /// <summary>
    /// Two sides that are not measured again (results files, imports, instruction counts): compared
    /// and decided as they are, so an Unknown stays Unknown. `bench compare`, `gate --results` and
    /// selftest's instruction mode take this path; a measuring gate takes <see cref="Run"/>.
    /// </summary>
    /// <param name="cyclesNotComparable">Why cycles must not be compared (two machines); null: compare them.</param>
    public static GateResult Decide(GateConfig config, ResultsDocument @base, ResultsDocument head, ComparedSide baseSide, ComparedSide headSide,
        string? cyclesNotComparable = null)
    {
        var doc = Decided(new Comparer(config).Compare(@base, head, baseSide, headSide, cyclesNotComparable: cyclesNotComparable));
        return new GateResult(@base, head, doc, doc);
    }

    /// <summary>
    /// A rerun round's benchmarks in the order they are measured, each part with the time (since
    /// the gate began) at which it starts no further launch. The managed twins and the native
    /// kernels run in separate worker launches, one part after the other: measured in one call,
    /// the native part (run first) took 70 of the 112 s left before the wall on this project's VM
    /// and the twins, the noisier part, got fewer than 20 of their 48 launches. So the twins go first and
    /// stop at their share of the time left (by count of Unknowns), and the native kernels get
    /// the rest up to the wall. Without a wall: one part, no stop.
    /// </summary>
    internal IReadOnlyList<(IReadOnlyList<string> Ids, double? Until)> Parts(IReadOnlyList<string> unknown, double now)
    {
        var wall = config.Rerun.WallSeconds;
        var managed = unknown.Where(Running.Dotnet.DotnetIds.IsManaged).ToList();
        var native = unknown.Where(id => !Running.Dotnet.DotnetIds.IsManaged(id)).ToList();
        if (wall <= 0)
            return [(unknown, null)];
        if (managed.Count == 0 || native.Count == 0)
            return [(unknown, wall)];
        var share = (double)managed.Count / unknown.Count;
        return [(managed, Math.Min(wall, now + (wall - now) * share)), (native, wall)];
    }

    public static ComparedSide Side(ResultsDocument doc, string label, string? source) =>
        new(label, source, doc.Host.Commit, doc.CreatedUtc, MachineFingerprint.Of(doc.Host).Describe());

    /// <summary>
    /// The baseline this gate will judge against, found before anything is measured: this
    /// machine's own, or (counts permitting) another machine's of the same toolchain, judged on
    /// instructions alone. No baseline, no run: the error says why and how to record one.
    /// </summary>
    public static BaselineMatch FindBaseline(GateConfig config, BaselineStore store, string suite, string library)
    {
        var lib = NativeLibraries.Load(library);
        string? whyNoCounts = null;
        if (!config.Instructions.Measure)
            whyNoCounts = "the configuration does not count instructions (instructions.measure: false)";
        else if (!Counting.CallgrindCounter.IsAvailable(out var why))
            whyNoCounts = why;
        return store.Match(suite, Hosting.HostProbe.Describe(lib.BuildInfo), whyNoCounts);
    }

    /// <summary>
    /// Head measured now against a stored baseline. On this machine's own: cycles (and counts),
    /// with the Unknowns re-measured. On another machine's: its cycles cannot compare, so none are
    /// measured; the kernels are counted and judged on instructions alone.
    /// </summary>
    public static GateResult AgainstBaseline(GateConfig config, BaselineMatch baseline, string library, RunRequest request,
        Running.Worker.WorkerLaunch launch, IProgress<RunProgress>? progress, bool rerun = true)
    {
        var label = $"baseline {Path.GetFileName(baseline.Entry.Path)}";
        if (baseline.CyclesNotComparable is null)
            return new GateSession(config, rerun).Run(new HeadOnlySampler(library, request, launch, progress, config.Instructions.Measure),
                baseline.Entry.Document, label, baseline.Entry.Path, "this run", null);
        var result = new GateSession(config, rerun, baseline.CyclesNotComparable).Run(new CountSampler(library, request.Filters, progress),
            baseline.Entry.Document, label, baseline.Entry.Path, "this run", null);
        return result with
        {
            Comparison = result.Comparison with { RecordBaseline = BaselineMatch.RecordCommand },
            First = result.First with { RecordBaseline = BaselineMatch.RecordCommand },
        };
    }

    /// <summary>
    /// A results file taken before (or imported) against a stored baseline: compared and decided as
    /// it is. Nothing is measured, so nothing is rerun: an Unknown stays Unknown.
    /// </summary>
    public static GateResult OfResults(GateConfig config, BaselineEntry baseline, ResultsDocument head, string headPath) =>
        Decide(config, baseline.Document, head, Side(baseline.Document, $"baseline {Path.GetFileName(baseline.Path)}", baseline.Path), Side(head, headPath, headPath));

    /// <summary>An interleaved A/B run of two libraries, decided (with reruns of the Unknowns, interleaved likewise).</summary>
    public static GateResult AbTest(GateConfig config, AbLibraries libraries, RunRequest request, Running.Worker.WorkerLaunch launch,
        IProgress<RunProgress>? progress, string baseLabel, string headLabel, bool rerun = true) =>
        new GateSession(config, rerun).Run(new AbSampler(libraries, request, launch, progress, config.Instructions.Measure), null,
            baseLabel, null, headLabel, null);
}

file static class StopwatchExtensions
{
    public static Func<TimeSpan> Elapsed(this Stopwatch s) => () => s.Elapsed;
}
