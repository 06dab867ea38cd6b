using System.Diagnostics;
using Bench.Core.Baselines;
using Bench.Core.Comparison;
using Bench.Core.Gating.Samplers;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Core.Gating;

/// <summary>What a gate produced: the two sides as finally sampled, and the decided comparison.</summary>
/// <param name="First">The comparison before any rerun (what a gate without reruns would have decided on).</param>
public sealed record GateResult(ResultsDocument Base, ResultsDocument Head, ComparisonDocument Comparison, ComparisonDocument First);

/// <summary>
/// The gate, as a plain loop over a <see cref="ISampler"/>: measure everything, compare,
/// re-measure what is still Unknown (its cycles, even where instructions settled the row) while
/// the rerun budget lasts, decide. `bench gate`, `bench ab` and `bench selftest` differ only in
/// the sampler they hand it.
/// </summary>
/// <param name="cyclesNotComparable">Why cycles must not be compared (a baseline from another machine); null: compare them.</param>
/// <param name="clock">Time since the reruns may start (tests pass their own); null: a stopwatch.</param>
public sealed class GateSession(GateConfig config, bool rerun = true, string? cyclesNotComparable = null, Func<TimeSpan>? clock = null)
{
    private readonly Comparer _comparer = new(config);

    /// <summary>
    /// Most launches a rerun round takes, as a multiple of the profile's: when a few benchmarks
    /// are left Unknown, a round of them is cheap, and more launches (each a fresh draw of the
    /// process and of the code's placement) narrow their intervals where more rounds of the
    /// first round's size would barely move them.
    /// </summary>
    public const int MaxLaunchFactor = 4;

    /// <param name="stored">The base when the sampler measures head alone (a stored baseline); ignored when it measures both arms.</param>
    public GateResult Run(ISampler sampler, ResultsDocument? stored, string baseLabel, string? baseSource, string headLabel, string? headSource)
    {
        var elapsed = clock ?? Stopwatch.StartNew().Elapsed();
        var first = sampler.Measure(null, 0, null);
        var head = first.Head;
        // Only what this run selected is judged: a filtered gate does not report the rest as removed.
        var selected = head.Benchmarks.Select(b => b.Id).ToHashSet();
        var @base = first.Base ?? (stored ?? throw new ArgumentException("a sampler of head alone needs a stored base", nameof(stored))) with
        {
            Benchmarks = stored.Benchmarks.Where(b => selected.Contains(b.Id)).ToList(),
        };
        var reruns = new Dictionary<string, int>();
        ComparisonDocument Compare() => _comparer.Compare(@base, head, Side(@base, baseLabel, baseSource), Side(head, headLabel, headSource), reruns,
            cyclesNotComparable, first.OnlyInBase, first.OnlyInHead);

        var comparison = Compare();
        var firstComparison = comparison;
        var budgetStart = elapsed();
        // seconds per benchmark and launch set of the last round: a round that would not end within the budget is not started
        var pace = budgetStart.TotalSeconds / Math.Max(1, selected.Count);
        for (var round = 1; rerun && sampler.Resamples && round <= config.Rerun.MaxRounds; round++)
        {
            var unknown = comparison.Benchmarks
                .Where(b => (b.Verdict == Verdict.Unknown || b.CyclesVerdict == Verdict.Unknown) && b.HeadSamples > 0 && b.BaseSamples > 0)
                .Select(b => b.Id).ToList();
            if (unknown.Count == 0)
                break;
            // a round of a few benchmarks takes up to MaxLaunchFactor times the launches, as many as fit what is left
            var t = elapsed();
            var (now, spent) = (t.TotalSeconds, (t - budgetStart).TotalSeconds);
            bool Fits(int f) => spent + pace * unknown.Count * f <= config.Rerun.BudgetSeconds
                                && (config.Rerun.WallSeconds <= 0 || now + pace * unknown.Count * f <= config.Rerun.WallSeconds);
            var factor = Math.Clamp(selected.Count / unknown.Count, 1, MaxLaunchFactor);
            while (factor > 1 && !Fits(factor))
                factor--;
            if (!Fits(factor))
                break;
            var started = elapsed();
            var loops = head.Benchmarks.Where(b => unknown.Contains(b.Id) && b.Loops > 0).ToDictionary(b => b.Id, b => b.Loops);
            // the estimate can be short (a round of a few benchmarks is mostly the launches' fixed cost): at the
            // gate's wall time no further launch starts, and the round ends with the launches it has
            foreach (var (part, until) in Parts(unknown, started.TotalSeconds))
            {
                Func<bool>? stop = until is { } end ? () => elapsed().TotalSeconds >= end : null;
                var more = sampler.Measure(part, round, loops, factor, stop);
                if (more.Base is not null)
                    @base = ResultsMerge.Append(@base, more.Base);
                head = ResultsMerge.Append(head, more.Head);
            }
            foreach (var id in unknown)
                reruns[id] = reruns.GetValueOrDefault(id) + 1;
            comparison = Compare();
            pace = (elapsed() - started).TotalSeconds / (unknown.Count * factor);
        }
        return new GateResult(@base, head, Decided(comparison), firstComparison);
    }

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
