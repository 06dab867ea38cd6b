using System.Diagnostics;
using Bench.Core.Catalog;
using Bench.Core.Results;
using Bench.Core.Running;

namespace Bench.Core.Counting;

/// <summary>`bench count` without the console, and the counting half of `bench run --with-count`.</summary>
public static class BenchCount
{
    /// <summary>
    /// The driver beside the kernel library (the one its build made); else, for a suite's library (whose build makes
    /// no driver), the one beside this tool: the driver is plain C that loads any library of the ABI.
    /// </summary>
    public static string DriverFor(string library)
    {
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(library))!, "bench-driver");
        var tools = Path.Combine(AppContext.BaseDirectory, "bench-driver");
        return File.Exists(beside) || !File.Exists(tools) ? beside : tools;
    }

    /// <summary>Counts the selected kernels of <paramref name="library"/> (default: the real build) into a results document.</summary>
    public static ResultsDocument Execute(IReadOnlyList<string> filters, bool cacheSim, IProgress<RunProgress>? progress = null, string? library = null)
    {
        var lib = library is null ? NativeLibraries.LoadDefault() : NativeLibraries.Load(library);
        var ids = BenchmarkCatalog.FromNative(lib.Kernels).Select(new BenchmarkFilter(filters)).Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        var (settings, outcomes) = Count(lib.Path, ids, cacheSim, progress);
        var byId = outcomes.ToDictionary(o => o.Id);
        var request = new RunRequest(filters, new RunProfile("count", 1, 0, 1, 1, 0, 0), 0);
        var doc = BenchRun.Document(new KernelRunOutcome(lib.BuildInfo, lib.Kernels.Where(k => byId.ContainsKey(k.Id))
            .Select(k => BenchmarkResult.Of(k, "native", byId[k.Id].Status, new Dictionary<string, MetricSeries>()) with
            {
                Error = byId[k.Id].Error,
                Loops = CallgrindCounter.Loops[^1],
            }).ToList()), request, clock.Elapsed);
        return AddCounts(doc, settings, outcomes);
    }

    public static (CountSettings Settings, IReadOnlyList<CountOutcome> Outcomes) Count(string library, IReadOnlyList<string> ids, bool cacheSim,
        IProgress<RunProgress>? progress = null)
    {
        var valgrind = CallgrindCounter.FindValgrind();
        // valgrind runs in a scratch folder: every path it gets is absolute
        var outcomes = new CallgrindCounter(DriverFor(library), cacheSim).Count(Path.GetFullPath(library), ids, progress);
        var settings = new CountSettings($"{CallgrindCounter.Version(valgrind)} callgrind", CallgrindCounter.Loops, cacheSim,
            cacheSim ? InstructionCount.EstimateFormula : null);
        return (settings, outcomes);
    }

    /// <summary>
    /// Adds each count as a deterministic metric (one sample) to the benchmark of the same ID;
    /// a kernel that could not be counted keeps its cycles and gets the reason, never a made-up figure.
    /// </summary>
    public static ResultsDocument AddCounts(ResultsDocument doc, CountSettings settings, IReadOnlyList<CountOutcome> outcomes)
    {
        var byId = outcomes.ToDictionary(o => o.Id);
        var benchmarks = doc.Benchmarks.Select(b =>
        {
            if (!byId.TryGetValue(b.Id, out var o))
                return b;
            if (o.Count is not { } c)
                return b.Metrics.Count == 0 ? b with { Status = o.Status, Error = o.Error } : b with { Error = Join(b.Error, $"instructions not counted: {o.Error}") };
            var metrics = new Dictionary<string, MetricSeries>(b.Metrics)
            {
                [MetricNames.Instructions] = new(MetricNames.InstructionsUnit, [c.Instructions]) { Deterministic = true },
            };
            if (c.EstimatedCycles is { } e)
                metrics[MetricNames.EstimatedCycles] = new MetricSeries(MetricNames.EstimatedCyclesUnit, [e]) { Deterministic = true };
            return b with { Metrics = metrics };
        }).ToList();
        return doc with { Benchmarks = benchmarks, Counting = settings, CountingSkipped = null };
    }

    /// <summary>
    /// Counts the completed benchmarks of a timing run and adds the counts. Without valgrind the
    /// document keeps its timings and says why it has no counts (<see cref="ResultsDocument.CountingSkipped"/>).
    /// </summary>
    public static ResultsDocument TryAddCounts(ResultsDocument doc, string library, bool cacheSim, IProgress<RunProgress>? progress = null)
    {
        // callgrind counts the native kernels the harness ran itself (not the managed twins, not BenchmarkDotNet's cross-checks)
        var ids = doc.Benchmarks.Where(b => b.Status == BenchmarkStatus.Ok && b.Implementation == "native" && b.Runner is null).Select(b => b.Id).ToList();
        if (ids.Count == 0)
            return doc;
        try
        {
            var (settings, outcomes) = Count(library, ids, cacheSim, progress);
            return AddCounts(doc, settings, outcomes);
        }
        catch (BenchException e) when (e.ExitCode == ExitCodes.EnvironmentProblem)
        {
            return doc with { CountingSkipped = e.Message };
        }
    }

    private static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : $"{a}; {b}";
}
