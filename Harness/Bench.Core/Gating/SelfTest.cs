using System.Diagnostics;
using Bench.Benchmarks.Native;
using Bench.Core.Comparison;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating;

/// <summary>What `bench selftest` runs.</summary>
/// <param name="Modes"><c>ab</c> and/or <c>baseline</c>.</param>
/// <param name="Ks">Injected regressions to test (0, the A/A case, is always run).</param>
public sealed record SelfTestOptions(IReadOnlyList<string> Filters, IReadOnlyList<int> Ks, int Repetitions, IReadOnlyList<string> Modes,
    RunProfile Profile, int Seed, bool Rerun);

/// <summary>One benchmark comparison of the selftest: the gate's verdict and a plain 5 % rule's on the same data.</summary>
/// <param name="PlainVerdict">Head median over base median beyond ±5 % on the first measurement: what a simple gate would say.</param>
public sealed record SelfTestTrial(string Mode, int K, int Repetition, string Id, Verdict Verdict, double? Shift, double? Ratio, Verdict PlainVerdict, string Reason);

/// <summary>Rates for one mode, k and case (or all cases).</summary>
/// <param name="MedianShift">Median over the trials of the estimated shift: what k actually costs here.</param>
public sealed record SelfTestRow(string Mode, int K, string Case, int Comparisons, int Slower, int Faster, int Same, int Unknown,
    double? MedianShift, int PlainSlower, int PlainFaster)
{
    /// <summary>For k = 0 any Slower or Faster is a false alarm; for k &gt; 0 Slower is a detection.</summary>
    public double Rate => Comparisons == 0 ? double.NaN : (K == 0 ? Slower + Faster : Slower) / (double)Comparisons;
    public double PlainRate => Comparisons == 0 ? double.NaN : (K == 0 ? PlainSlower + PlainFaster : PlainSlower) / (double)Comparisons;
}

public sealed record SelfTestReport(ToolInfo Tool, DateTimeOffset CreatedUtc, HostContext Host, SelfTestOptions Options, string ConfigSource,
    double WallSeconds, IReadOnlyList<SelfTestRow> Rows, IReadOnlyList<SelfTestTrial> Trials);

/// <summary>
/// The gate's proof of power: R repetitions of A/A (the real library against a
/// copy of itself) and A/B (against the injected-regression builds, k extra
/// dependent ops per element) on the chosen kernels, decided exactly as
/// `bench ab` and `bench gate` decide, in both modes. The k conditions of a
/// repetition run in a seeded random order so a drift of the machine does not
/// line up with k.
/// </summary>
public sealed class SelfTest(GateConfig config, WorkerLaunch launch, IProgress<RunProgress>? progress = null, Action<string>? log = null)
{
    public const string AbMode = "ab";
    public const string BaselineMode = "baseline";
    /// <summary>Instruction counts under callgrind, compared exactly.</summary>
    public const string CountMode = "count";
    public const double PlainThreshold = 0.05;

    public SelfTestReport Run(SelfTestOptions o)
    {
        var clock = Stopwatch.StartNew();
        var real = NativeLibraries.LoadDefault();
        var libraries = o.Ks.ToDictionary(k => k, k => NativeLibraries.LoadDefault(k).Path);
        libraries[0] = real.Path;
        var rng = new Random(o.Seed);
        var trials = new List<SelfTestTrial>();
        // The cycle modes test the cycle statistics alone; instructions have a mode of their own.
        var cyclesOnly = config with { Instructions = config.Instructions with { Measure = false } };
        for (var rep = 1; rep <= o.Repetitions; rep++)
        {
            foreach (var mode in o.Modes)
            {
                var ks = new[] { 0 }.Concat(o.Ks.Where(k => k != 0)).ToArray();
                rng.Shuffle(ks);
                ResultsDocument? stored = null;
                foreach (var k in ks)
                {
                    var request = new RunRequest(o.Filters, o.Profile, o.Seed * 7919 + rep * 101 + k);
                    GateResult result;
                    if (mode == AbMode)
                    {
                        result = GateSession.AbTest(cyclesOnly, new AbLibraries(real.Path, libraries[k]), request, launch, progress, "k=0", $"k={k}", o.Rerun);
                    }
                    else if (mode == BaselineMode)
                    {
                        // recorded as a baseline should be (README): 8 launches, so the stored comparison can reach its level
                        stored ??= BaselineRun(real.Path, request with { Seed = request.Seed + 1, Profile = request.Profile.WithLaunches(Math.Max(8, request.Profile.Launches)) });
                        result = GateSession.AgainstStored(cyclesOnly, stored, "k=0 run", null, libraries[k], request, launch, progress, o.Rerun);
                    }
                    else
                    {
                        stored ??= Counting.BenchCount.Execute(o.Filters, cacheSim: false, progress, real.Path);
                        var counted = Counting.BenchCount.Execute(o.Filters, cacheSim: false, progress, libraries[k]);
                        var side = GateSession.Side(counted, $"k={k}", null);
                        var doc = new Comparer(config).Compare(stored, counted, side with { Label = "k=0" }, side);
                        result = new GateResult(stored, counted, doc with { Gate = GatePolicy.Decide(doc) }, doc);
                    }
                    var plain = result.First.Benchmarks.ToDictionary(b => b.Id, Plain);
                    var added = result.Comparison.Benchmarks
                        .Where(b => b.Verdict is Verdict.Slower or Verdict.Faster or Verdict.Same or Verdict.Unknown)
                        .Select(b => new SelfTestTrial(mode, k, rep, b.Id, b.Verdict, b.Shift ?? b.HeadInstructions - b.BaseInstructions, b.Ratio,
                            plain.GetValueOrDefault(b.Id, Verdict.Unknown), b.Reason))
                        .ToList();
                    trials.AddRange(added);
                    log?.Invoke($"repetition {rep}/{o.Repetitions}, {mode}, k={k}: {Comparison.VerdictOrder.Summary(result.Comparison)}");
                }
            }
        }
        return new SelfTestReport(BenchRun.Tool, DateTimeOffset.UtcNow, Hosting.HostProbe.Describe(real.BuildInfo), o, config.Source,
            Math.Round(clock.Elapsed.TotalSeconds, 1), Summarize(trials), trials);
    }

    private ResultsDocument BaselineRun(string library, RunRequest request)
    {
        var ids = Catalog.BenchmarkCatalog.FromNative(NativeLibraries.Load(library).Kernels)
            .Select(new Catalog.BenchmarkFilter(request.Filters)).Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        return BenchRun.Document(new NativeRunner(launch, progress).Run(library, ids, request.Profile, request.Seed), request, clock.Elapsed);
    }

    /// <summary>The simple gate: the ratio of medians against ±5 %, no statistics, no reruns (instructions: the same rule on the counts).</summary>
    public static Verdict Plain(BenchmarkComparison b) => (b.Ratio ?? (b.BaseInstructions is > 0 && b.HeadInstructions is { } h ? h / b.BaseInstructions : null)) switch
    {
        null => Verdict.Unknown,
        > 1 + PlainThreshold => Verdict.Slower,
        < 1 - PlainThreshold => Verdict.Faster,
        _ => Verdict.Same,
    };

    public static IReadOnlyList<SelfTestRow> Summarize(IReadOnlyList<SelfTestTrial> trials) =>
        trials.GroupBy(t => (t.Mode, t.K, Case: CaseOf(t.Id)))
            .Concat(trials.GroupBy(t => (t.Mode, t.K, Case: "all")))
            .Select(g => Row(g.Key.Mode, g.Key.K, g.Key.Case, g.ToList()))
            .OrderBy(r => r.Mode).ThenBy(r => r.K).ThenBy(r => r.Case == "all" ? 1 : 0).ThenBy(r => r.Case, StringComparer.Ordinal)
            .ToList();

    private static SelfTestRow Row(string mode, int k, string @case, List<SelfTestTrial> t)
    {
        var shifts = t.Where(x => x.Shift is not null).Select(x => x.Shift!.Value).ToList();
        return new SelfTestRow(mode, k, @case, t.Count, t.Count(x => x.Verdict == Verdict.Slower), t.Count(x => x.Verdict == Verdict.Faster),
            t.Count(x => x.Verdict == Verdict.Same), t.Count(x => x.Verdict == Verdict.Unknown),
            shifts.Count == 0 ? null : Statistics.SampleSummary.Of(shifts).Median,
            t.Count(x => x.PlainVerdict == Verdict.Slower), t.Count(x => x.PlainVerdict == Verdict.Faster));
    }

    /// <summary>"native/pp01-fast/ops/provider-off" -> "pp01-fast".</summary>
    public static string CaseOf(string id) => id.Split('/') is { Length: >= 2 } parts ? parts[1] : id;
}
