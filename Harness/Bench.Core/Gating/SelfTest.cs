using System.Diagnostics;
using System.Text.Json.Serialization;
using Bench.Core.Comparison;
using Bench.Core.Gating.Samplers;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating;

/// <summary>What `bench selftest` runs.</summary>
/// <param name="Modes"><c>ab</c>, <c>baseline</c> and/or <c>count</c>.</param>
/// <param name="Injections">Injected regressions to test beside the A/A condition, which always runs.</param>
public sealed record SelfTestOptions(IReadOnlyList<string> Filters, IReadOnlyList<string> Injections, int Repetitions, IReadOnlyList<string> Modes,
    RunProfile Profile, int Seed, bool Rerun);

/// <summary>One benchmark comparison of the selftest: the gate's verdict and a plain 5 % rule's on the same data.</summary>
/// <param name="Injection">The injected build compared with the real one, or <see cref="Injection.None"/> for A/A.</param>
/// <param name="PlainVerdict">Head median over base median beyond ±5 % on the first measurement: what a simple gate would say.</param>
public sealed record SelfTestTrial(string Mode, string Injection, int Repetition, string Id, Verdict Verdict, double? Shift, double? Ratio,
    Verdict PlainVerdict, string Reason);

/// <summary>
/// The three qualities of the gate for one mode, condition and case (or all cases): for A/A,
/// decisiveness (the share called Same) and false alarms (Slower or Faster); for an injection,
/// detection (the share called Slower), beside what the injection really costs there.
/// </summary>
/// <param name="MedianShift">Median over the trials of the estimated shift.</param>
/// <param name="TrueCost">Median over the case's kernels of the cost the pinned driver measured (cycles(tsc)/elem); null for A/A and counts.</param>
public sealed record SelfTestRow(string Mode, string Injection, string Case, int Comparisons, int Slower, int Faster, int Same, int Unknown,
    double? MedianShift, double? TrueCost, int PlainSlower, int PlainFaster)
{
    [JsonIgnore] public bool IsAa => Injection == Gating.Injection.None;
    [JsonIgnore] public double Decisiveness => Comparisons == 0 ? double.NaN : Same / (double)Comparisons;
    [JsonIgnore] public double FalseAlarms => Comparisons == 0 || !IsAa ? double.NaN : (Slower + Faster) / (double)Comparisons;
    [JsonIgnore] public double Detection => Comparisons == 0 || IsAa ? double.NaN : Slower / (double)Comparisons;
    [JsonIgnore] public double PlainRate => Comparisons == 0 ? double.NaN : (IsAa ? PlainSlower + PlainFaster : PlainSlower) / (double)Comparisons;
}

/// <param name="TrueCosts">What each injection cost each kernel on each CPU, measured with the pinned driver.</param>
public sealed record SelfTestReport(ToolInfo Tool, DateTimeOffset CreatedUtc, HostContext Host, SelfTestOptions Options, string ConfigSource,
    double WallSeconds, IReadOnlyList<SelfTestRow> Rows, IReadOnlyList<TrueCostEntry> TrueCosts, IReadOnlyList<SelfTestTrial> Trials);

/// <summary>
/// The gate's proof of power: R repetitions of A/A (the real library against a copy of itself)
/// and A/B (against injected-regression builds) on the chosen kernels, decided exactly as
/// `bench ab` and `bench gate` decide, in each mode. The conditions of a repetition run in a
/// seeded random order so a drift of the machine does not line up with one. What each injection
/// really costs is measured first, with the pinned driver, and printed beside its detection.
/// </summary>
public sealed class SelfTest(GateConfig config, WorkerLaunch launch, IProgress<RunProgress>? progress = null, Action<string>? log = null)
{
    public const string AbMode = "ab";
    public const string BaselineMode = "baseline";
    /// <summary>Instruction counts under callgrind, compared exactly.</summary>
    public const string CountMode = "count";
    /// <summary>
    /// The controls of contrasts (`bench cost`): the null control (the reference's code under another
    /// name) is the A/A condition, the detection control (the reference plus one call per element,
    /// the call1 build's call) the call1 condition; both trials are named by the reference kernel.
    /// </summary>
    public const string ContrastMode = "contrast";
    public static readonly IReadOnlyList<string> Modes = [AbMode, BaselineMode, CountMode, ContrastMode];
    public const double PlainThreshold = 0.05;

    public SelfTestReport Run(SelfTestOptions o)
    {
        var clock = Stopwatch.StartNew();
        var real = NativeLibraries.LoadDefault();
        var libraries = o.Injections.ToDictionary(n => n, n => Injection.Parse(n).Library());
        libraries[Injection.None] = real.Path;
        // the suite's managed kernels: the real build for A/A; an injection's managed counterpart, where it has one
        var realManaged = Suites.Suite.Current.Managed;
        var managed = o.Injections.ToDictionary(n => n, n => Injection.Parse(n).Managed());
        managed[Injection.None] = realManaged;
        var ids = Catalog.BenchmarkCatalog.ForGate(real.Kernels).Select(new Catalog.BenchmarkFilter(o.Filters)).Select(b => b.Id).ToList();
        var nativeIds = ids.Where(id => !Running.Dotnet.DotnetIds.IsManaged(id)).ToList();
        var managedIds = ids.Where(Running.Dotnet.DotnetIds.IsManaged).ToList();
        IReadOnlyList<string> IdsUnder(string condition) => managed[condition] is null ? nativeIds : ids;
        var cpus = launch.Cpus is { Count: > 0 } c ? c : Hosting.CpuAffinity.Allowed();
        log?.Invoke($"measuring what {string.Join(", ", o.Injections)} really cost, pinned to each CPU");
        var costs = new List<TrueCostEntry>();
        if (o.Injections.Count > 0 && nativeIds.Count > 0)
            costs.AddRange(TrueCost.Measure(real.Path, o.Injections.ToDictionary(n => n, n => libraries[n]), nativeIds, cpus));
        foreach (var n in o.Injections.Where(n => managed[n] is not null && managedIds.Count > 0))
            costs.AddRange(TrueCost.MeasureManaged(n, realManaged!, managed[n]!, managedIds, cpus, launch, real.BuildInfo.TimerHz, o.Seed));
        var rng = new Random(o.Seed);
        var trials = new List<SelfTestTrial>();
        // The cycle modes test the cycle statistics alone; instructions have a mode of their own.
        var cyclesOnly = config with { Instructions = config.Instructions with { Measure = false } };
        for (var rep = 1; rep <= o.Repetitions; rep++)
        {
            foreach (var mode in o.Modes)
            {
                if (mode == ContrastMode)
                {
                    var found = ContrastTrials(o, rep, real, realManaged, cyclesOnly);
                    trials.AddRange(found);
                    log?.Invoke($"repetition {rep}/{o.Repetitions}, {mode}: {found.Count(t => t.Injection == Injection.None && t.Verdict == Verdict.Same)} of {found.Count(t => t.Injection == Injection.None)} null controls no cost, " +
                                $"{found.Count(t => t.Injection != Injection.None && t.Verdict == Verdict.Slower)} of {found.Count(t => t.Injection != Injection.None)} detections costs more");
                    continue;
                }
                var conditions = new[] { Injection.None }.Concat(o.Injections).ToArray();
                rng.Shuffle(conditions);
                ResultsDocument? stored = null;
                foreach (var condition in conditions)
                {
                    if (IdsUnder(condition).Count == 0)
                        continue; // a native-only injection on a managed-only selection
                    var request = new RunRequest(IdsUnder(condition), o.Profile, o.Seed * 7919 + rep * 101 + Array.IndexOf(conditions, condition));
                    GateResult result;
                    if (mode == AbMode)
                    {
                        result = GateSession.AbTest(cyclesOnly, new AbLibraries(real.Path, libraries[condition], null, realManaged, managed[condition]),
                            request, launch, progress, "real", condition, o.Rerun);
                    }
                    else if (mode == BaselineMode)
                    {
                        stored ??= new HeadOnlySampler(real.Path, request with { Filters = ids, Seed = request.Seed + 1 }, launch, progress, false, realManaged)
                            .Measure(new Batch(0, null, o.Profile.Launches, o.Profile.ManagedLaunches)).Head;
                        result = new GateSession(cyclesOnly, o.Rerun).Run(new HeadOnlySampler(libraries[condition], request, launch, progress, false, managed[condition]),
                            stored, "real run", null, condition, null);
                    }
                    else
                    {
                        // instructions are counted for the native kernels alone
                        if (nativeIds.Count == 0)
                            continue;
                        stored ??= Counting.BenchCount.Execute(nativeIds, cacheSim: false, progress, real.Path);
                        var counted = Counting.BenchCount.Execute(nativeIds, cacheSim: false, progress, libraries[condition]);
                        var side = GateSession.Side(counted, condition, null);
                        result = GateSession.Decide(config, stored, counted, side with { Label = "real" }, side);
                    }
                    var plain = result.First.Benchmarks.ToDictionary(b => b.Id, Plain);
                    trials.AddRange(result.Comparison.Benchmarks
                        .Where(b => b.Verdict is Verdict.Slower or Verdict.Faster or Verdict.Same or Verdict.Unknown)
                        .Select(b => new SelfTestTrial(mode, condition, rep, b.Id, b.Verdict, b.Shift ?? b.HeadInstructions - b.BaseInstructions, b.Ratio,
                            plain.GetValueOrDefault(b.Id, Verdict.Unknown), b.Reason)));
                    log?.Invoke($"repetition {rep}/{o.Repetitions}, {mode}, {condition}: {VerdictOrder.Summary(result.Comparison)}");
                }
            }
        }
        return new SelfTestReport(BenchRun.Tool, DateTimeOffset.UtcNow, Hosting.HostProbe.Describe(real.BuildInfo), o, config.Source,
            Math.Round(clock.Elapsed.TotalSeconds, 1), Summarize(trials, costs), costs, trials);
    }

    /// <summary>One cost run of the suite's controls of contrasts among the selected kernels, as trials (see <see cref="ContrastMode"/>).</summary>
    private List<SelfTestTrial> ContrastTrials(SelfTestOptions o, int rep, Bench.Suite.Host.NativeKernelLibrary real, Running.Managed.ManagedKernelSpec? managed,
        GateConfig cyclesOnly)
    {
        var suite = Suites.Suite.Current;
        var plan = Contrasts.ContrastPlan.For(Contrasts.ContrastPlan.Kernels(real.Kernels, suite.ManagedKernels), suite.Contrasts, new Catalog.BenchmarkFilter(o.Filters))
            .Only(c => c.Kind is Contrasts.ContrastKind.NullControl or Contrasts.ContrastKind.Detection);
        if (plan.Contrasts.Count == 0)
            throw BenchException.Usage($"selftest --mode {ContrastMode}: no kernel selected by {string.Join(" ", o.Filters)} is a control of contrasts " +
                                       $"(tagged {Bench.Suite.Host.KernelInfo.ContrastControlTag}=null or =detection), so there is nothing to test: see docs/methodology.md, \"What a style costs\".");
        var doc = Contrasts.CostRun.Execute(plan, cyclesOnly, real.Path, managed, new RunRequest(o.Filters, o.Profile, o.Seed * 7919 + rep * 101 + 97), launch, progress,
            o.Rerun, countInstructions: false);
        return doc.Contrasts!.Rows.Select(r => new SelfTestTrial(ContrastMode, r.Kind == "null-control" ? Injection.None : "call1", rep, r.Reference, r.Comparison.Verdict,
            r.Comparison.Shift, r.Comparison.Ratio, Plain(r.Comparison), r.Comparison.Reason)).ToList();
    }

    /// <summary>The simple gate: the ratio of medians against ±5 %, no statistics, no reruns (instructions: the same rule on the counts).</summary>
    public static Verdict Plain(BenchmarkComparison b) => (b.Ratio ?? (b.BaseInstructions is > 0 && b.HeadInstructions is { } h ? h / b.BaseInstructions : null)) switch
    {
        null => Verdict.Unknown,
        > 1 + PlainThreshold => Verdict.Slower,
        < 1 - PlainThreshold => Verdict.Faster,
        _ => Verdict.Same,
    };

    public static IReadOnlyList<SelfTestRow> Summarize(IReadOnlyList<SelfTestTrial> trials, IReadOnlyList<TrueCostEntry> costs)
    {
        var perKernel = TrueCost.PerKernel(costs);
        return trials.GroupBy(t => (t.Mode, t.Injection, Case: CaseOf(t.Id)))
            .Concat(trials.GroupBy(t => (t.Mode, t.Injection, Case: "all")))
            .Select(g => Row(g.Key.Mode, g.Key.Injection, g.Key.Case, g.ToList(), perKernel))
            .OrderBy(r => r.Mode).ThenBy(r => r.IsAa ? 0 : 1).ThenBy(r => r.Injection, StringComparer.Ordinal)
            .ThenBy(r => r.Case == "all" ? 1 : 0).ThenBy(r => r.Case, StringComparer.Ordinal)
            .ToList();
    }

    private static SelfTestRow Row(string mode, string injection, string @case, List<SelfTestTrial> t,
        IReadOnlyDictionary<(string, string), double> perKernel)
    {
        var shifts = t.Where(x => x.Shift is not null).Select(x => x.Shift!.Value).ToList();
        var kernelCosts = t.Select(x => x.Id).Distinct().Where(id => perKernel.ContainsKey((injection, id))).Select(id => perKernel[(injection, id)]).ToList();
        return new SelfTestRow(mode, injection, @case, t.Count, t.Count(x => x.Verdict == Verdict.Slower), t.Count(x => x.Verdict == Verdict.Faster),
            t.Count(x => x.Verdict == Verdict.Same), t.Count(x => x.Verdict == Verdict.Unknown),
            shifts.Count == 0 ? null : Statistics.SampleSummary.Of(shifts).Median,
            mode == CountMode || kernelCosts.Count == 0 ? null : Statistics.SampleSummary.Of(kernelCosts).Median,
            t.Count(x => x.PlainVerdict == Verdict.Slower), t.Count(x => x.PlainVerdict == Verdict.Faster));
    }

    /// <summary>
    /// Per mode and injection, the kernels ordered by their true cost with how often each was
    /// called Slower: the smallest cost detected in at least <paramref name="rate"/> of the
    /// comparisons of its kernel, and of every costlier kernel, or null when none is.
    /// </summary>
    /// <param name="implementation"><c>native</c> or <c>managed</c>: the kernels graded; null: all.</param>
    public static double? SmallestDetected(SelfTestReport report, string mode, string injection, string? implementation = null, double rate = 0.95)
    {
        var perKernel = TrueCost.PerKernel(report.TrueCosts);
        var kernels = report.Trials.Where(t => t.Mode == mode && t.Injection == injection && perKernel.ContainsKey((injection, t.Id)))
            .Where(t => implementation is null || t.Id.StartsWith(implementation + "/", StringComparison.Ordinal))
            .GroupBy(t => t.Id)
            .Select(g => (Cost: perKernel[(injection, g.Key)], Rate: g.Count(t => t.Verdict == Verdict.Slower) / (double)g.Count()))
            .OrderByDescending(k => k.Cost).ToList();
        double? smallest = null;
        foreach (var k in kernels)
        {
            if (k.Rate < rate)
                break;
            smallest = k.Cost;
        }
        return smallest;
    }

    /// <summary>"native/pp01-fast/ops/provider-off" -> "pp01-fast"; "managed/pp01-fast/..." -> "managed pp01-fast" (the twins are graded apart).</summary>
    public static string CaseOf(string id)
    {
        var b = Catalog.BenchmarkId.Parse(id);
        return b.IsManaged ? "managed " + b.Case : b.Case;
    }
}
