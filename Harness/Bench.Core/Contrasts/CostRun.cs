using Bench.Core.Comparison;
using Bench.Core.Gating;
using Bench.Core.Gating.Samplers;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Contrasts;

/// <summary>
/// `bench cost` without the console: what each style costs, as the gate decides a change. Every
/// family of the plan runs interleaved in pinned workers; each contrast is then a comparison
/// (reference as base, kernel as head) through <see cref="GateSession"/>: the same paired
/// statistics, thresholds, reruns of the Unknowns and Unknown. The native kernels are then counted
/// under callgrind, so each contrast carries exact instructions per element beside its cycles.
/// </summary>
public static class CostRun
{
    /// <summary>Measures and decides the plan; the results file of its kernels, with the contrasts on it.</summary>
    public static ResultsDocument Execute(ContrastPlan plan, GateConfig config, string library, Running.Managed.ManagedKernelSpec? managed, RunRequest request,
        WorkerLaunch launch, IProgress<RunProgress>? progress, bool rerun = true, bool countInstructions = true)
    {
        if (plan.Contrasts.Count == 0)
            throw BenchException.Usage("nothing to contrast: " + (plan.Notes.Count > 0 ? string.Join("; ", plan.Notes) : "no kernel matches the filter") + ".");
        var sampler = new ContrastSampler(plan, library, managed, request, launch, progress);
        var cyclesOnly = config with { Instructions = config.Instructions with { Measure = false } };
        var result = new GateSession(cyclesOnly, rerun).Run(sampler, null, ContrastSides.BaseRole, null, ContrastSides.HeadRole, null);
        var kernels = sampler.Kernels!;
        var phases = new PhaseClock();
        phases.Add(result.Head.Run.Phases);
        if (countInstructions && config.Instructions.Measure)
            kernels = phases.Time(PhaseClock.Count, () => Counting.BenchCount.TryAddCounts(kernels, library, cacheSim: false, progress));
        kernels = kernels with { Run = kernels.Run with { Phases = phases.Snapshot(), Looks = result.Head.Run.Looks } };
        return kernels with { Contrasts = Report(plan, result.Comparison.Benchmarks, kernels, ContrastReport.Paired, config.Source) };
    }

    /// <summary>
    /// The contrasts of a results file taken before (a run, an import, a cost run): paired where the
    /// file's kernels were sampled in one family, unpaired otherwise (and the report says which).
    /// Nothing is measured, so an Unknown stays Unknown.
    /// </summary>
    public static ResultsDocument Decide(ResultsDocument file, ContrastSpec spec, GateConfig config, Catalog.BenchmarkFilter? filter = null)
    {
        var usable = file.Benchmarks.Where(b => b.Status == BenchmarkStatus.Ok && b.Metrics.Count > 0).ToList();
        var plan = ContrastPlan.For(file.Benchmarks.Select(b => new PlannedKernel(b.Id, b.Implementation, b.Tags, usable.Contains(b))), spec, filter);
        if (plan.Contrasts.Count == 0)
            throw BenchException.Usage("nothing to contrast in this file: " + (plan.Notes.Count > 0 ? string.Join("; ", plan.Notes) : "no kernel matches the filter") + ".");
        var byId = file.Benchmarks.ToDictionary(b => b.Id);
        var cyclesOnly = config with { Instructions = config.Instructions with { Measure = false } };
        var rows = new List<BenchmarkComparison>();
        var parts = plan.Contrasts.GroupBy(c => ContrastSides.Pairs(byId[c.Kernel], byId[c.Reference])).ToList();
        foreach (var part in parts)
        {
            var (@base, head) = ContrastSides.Of(file, part.ToList(), part.Key, Guid.NewGuid().ToString("n"));
            var decided = GateSession.Decide(cyclesOnly, @base, head, GateSession.Side(@base, ContrastSides.BaseRole, null), GateSession.Side(head, ContrastSides.HeadRole, null));
            rows.AddRange(decided.Comparison.Benchmarks);
        }
        var mode = parts.Count > 1 ? ContrastReport.Mixed : parts[0].Key ? ContrastReport.Paired : ContrastReport.Unpaired;
        var report = Report(plan, rows, file, mode, config.Source);
        if (mode != ContrastReport.Paired)
            report = report with
            {
                Notes = [.. report.Notes, "unpaired: the file's kernels were not sampled in one family (a plain run, or imported figures, one sample per module load), so each cost compares launch medians across processes, which carry the machine's variation between them: only `bench cost` measures a cost paired"],
            };
        return file with { Contrasts = report };
    }

    private static ContrastReport Report(ContrastPlan plan, IReadOnlyList<BenchmarkComparison> rows, ResultsDocument kernels, string mode, string configSource)
    {
        var byId = rows.ToDictionary(r => r.Id);
        var counts = kernels.Benchmarks.ToDictionary(b => b.Id, b => b.Metrics.TryGetValue(MetricNames.Instructions, out var m) && m.Samples.Count > 0 ? m.Samples[0] : (double?)null);
        var results = plan.Contrasts.Where(c => byId.ContainsKey(c.Id)).Select(c => new ContrastResult
        {
            Id = c.Id,
            Family = c.Family,
            Implementation = c.Implementation,
            Kernel = c.Kernel,
            Reference = c.Reference,
            Kind = KindName(c.Kind),
            Level = c.Level,
            State = c.State,
            Comparison = byId[c.Id],
            KernelInstructions = counts.GetValueOrDefault(c.Kernel),
            ReferenceInstructions = counts.GetValueOrDefault(c.Reference),
        }).ToList();
        var notes = plan.Notes.ToList();
        if (kernels.CountingSkipped is { } why)
            notes.Add($"instructions not counted: {why}");
        return new ContrastReport(mode, plan.Spec.ToString(), configSource, results, notes);
    }

    public static string KindName(ContrastKind k) => k switch
    {
        ContrastKind.Style => "style",
        ContrastKind.Toggle => "toggle",
        ContrastKind.NullControl => "null-control",
        _ => "detection",
    };
}
