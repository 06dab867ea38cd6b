using System.Diagnostics;
using Bench.Core.Baselines;
using Bench.Core.Comparison;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Core.Gating;

/// <summary>What a gate produced: the two sides as finally sampled, and the decided comparison.</summary>
/// <param name="First">The comparison before any rerun (what a gate without reruns would have decided on).</param>
public sealed record GateResult(ResultsDocument Base, ResultsDocument Head, ComparisonDocument Comparison, ComparisonDocument First);

/// <summary>
/// Measure, compare, re-sample what is Unknown within the budget, decide: the
/// part `bench gate` (against a stored baseline) and `bench ab` (against the
/// base built beside the head) share. The sampling itself is passed in.
/// </summary>
public sealed class GateSession(GateConfig config, bool rerun = true, string? cyclesNotComparable = null)
{
    private readonly Comparer _comparer = new(config);

    /// <param name="base">The base side (stored, or the first arm).</param>
    /// <param name="head">The head side.</param>
    /// <param name="measureAgain">Runs the given IDs again (with the loop counts given), returning more samples for base (null: the stored baseline stays) and head.</param>
    /// <param name="firstRun">How long measuring everything took: sizes the rerun rounds.</param>
    public GateResult Decide(ResultsDocument @base, ResultsDocument head, string baseLabel, string? baseSource, string headLabel, string? headSource,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, ulong>, int, (ResultsDocument? Base, ResultsDocument Head)> measureAgain,
        TimeSpan firstRun, IReadOnlyList<string>? onlyInBase = null, IReadOnlyList<string>? onlyInHead = null)
    {
        var round = 0;
        ComparisonDocument Compare(IReadOnlyDictionary<string, int>? counts)
        {
            var doc = _comparer.Compare(@base, head, Side(@base, baseLabel, baseSource), Side(head, headLabel, headSource), counts, cyclesNotComparable);
            var extra = (onlyInBase ?? []).Select(id => new BenchmarkComparison { Id = id, Verdict = Verdict.Removed, Reason = "only in base" })
                .Concat((onlyInHead ?? []).Select(id => new BenchmarkComparison { Id = id, Verdict = Verdict.Added, Reason = "only in head" }));
            return doc with { Benchmarks = doc.Benchmarks.Concat(extra).ToList() };
        }

        var comparison = Compare(null);
        var first = comparison;
        if (rerun)
        {
            comparison = Rerunner.Started(config.Rerun).Run(comparison, (ids, counts) =>
            {
                var loops = head.Benchmarks.Where(b => ids.Contains(b.Id) && b.Loops > 0).ToDictionary(b => b.Id, b => b.Loops);
                var (moreBase, moreHead) = measureAgain(ids, loops, ++round);
                if (moreBase is not null)
                    @base = ResultsMerge.Append(@base, moreBase);
                head = ResultsMerge.Append(head, moreHead);
                return Compare(counts);
            }, firstRun);
        }
        return new GateResult(@base, head, comparison with { Gate = GatePolicy.Decide(comparison) }, first);
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
    /// with the Unknowns re-measured on head. On another machine's: its cycles cannot compare, so
    /// none are measured; the kernels are counted and judged on instructions alone.
    /// </summary>
    public static GateResult AgainstBaseline(GateConfig config, BaselineMatch baseline, string library, RunRequest request,
        Running.Worker.WorkerLaunch launch, IProgress<RunProgress>? progress, bool rerun = true)
    {
        var label = $"baseline {Path.GetFileName(baseline.Entry.Path)}";
        if (baseline.CyclesNotComparable is null)
            return AgainstStored(config, baseline.Entry.Document, label, baseline.Entry.Path, library, request, launch, progress, rerun);
        var head = Counting.BenchCount.Execute(request.Filters, cacheSim: false, progress, library);
        var selected = head.Benchmarks.Select(b => b.Id).ToHashSet();
        var @base = baseline.Entry.Document with { Benchmarks = baseline.Entry.Document.Benchmarks.Where(b => selected.Contains(b.Id)).ToList() };
        // counts are exact: nothing to re-measure
        var result = new GateSession(config, rerun: false, baseline.CyclesNotComparable).Decide(@base, head, label, baseline.Entry.Path, "this run", null,
            (_, _, _) => throw new InvalidOperationException("an instructions-only gate does not re-measure"), TimeSpan.Zero);
        var recorded = result.Comparison with { RecordBaseline = BaselineMatch.RecordCommand };
        return result with { Comparison = recorded, First = result.First with { RecordBaseline = BaselineMatch.RecordCommand } };
    }

    /// <summary>Runs <paramref name="headLibrary"/> now and decides it against a stored results document.</summary>
    public static GateResult AgainstStored(GateConfig config, ResultsDocument stored, string label, string? source, string headLibrary,
        RunRequest request, Running.Worker.WorkerLaunch launch, IProgress<RunProgress>? progress, bool rerun = true)
    {
        var ids = Catalog.BenchmarkCatalog.FromNative(NativeLibraries.Load(headLibrary).Kernels)
            .Select(new Catalog.BenchmarkFilter(request.Filters)).Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        var head = BenchRun.Document(new NativeRunner(launch, progress).Run(headLibrary, ids, request.Profile, request.Seed), request, clock.Elapsed);
        var first = clock.Elapsed;
        if (config.Instructions.Measure)
            head = Counting.BenchCount.TryAddCounts(head, headLibrary, cacheSim: false, progress);
        // Only what this run selected is judged: a filtered gate does not report the rest as removed.
        var selected = ids.ToHashSet();
        var @base = stored with { Benchmarks = stored.Benchmarks.Where(b => selected.Contains(b.Id)).ToList() };
        var cyclesNotComparable = Baselines.InstructionFingerprint.CyclesNotComparable(@base, head, label, "this run");
        return new GateSession(config, rerun, cyclesNotComparable).Decide(@base, head, label, source, "this run", null, (again, loops, round) =>
        {
            var more = new NativeRunner(launch, progress).Run(headLibrary, again, request.Profile, request.Seed + round, loops);
            return (null, BenchRun.Document(more, request with { Filters = again }, TimeSpan.Zero));
        }, first);
    }

    /// <summary>An interleaved A/B run of two libraries, decided (with reruns of the Unknowns, interleaved likewise).</summary>
    public static GateResult AbTest(GateConfig config, AbLibraries libraries, RunRequest request, Running.Worker.WorkerLaunch launch,
        IProgress<RunProgress>? progress, string baseLabel, string headLabel, bool rerun = true)
    {
        var clock = Stopwatch.StartNew();
        var ab = AbRun.Execute(libraries, request, launch, progress);
        var first = clock.Elapsed;
        if (config.Instructions.Measure)
            ab = ab with
            {
                Base = Counting.BenchCount.TryAddCounts(ab.Base, libraries.BaseLibrary, cacheSim: false, progress),
                Head = Counting.BenchCount.TryAddCounts(ab.Head, libraries.HeadLibrary, cacheSim: false, progress),
            };
        return new GateSession(config, rerun).Decide(ab.Base, ab.Head, baseLabel, null, headLabel, null, (ids, loops, round) =>
        {
            var again = AbRun.Execute(libraries, request with { Filters = ids, Seed = request.Seed + round }, launch, progress, loops);
            return (again.Base, again.Head);
        }, first, ab.OnlyInBase, ab.OnlyInHead);
    }
}
