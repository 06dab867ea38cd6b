using System.Diagnostics;
using Bench.Core.Contrasts;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Gating.Samplers;

/// <summary>
/// The families of a <see cref="ContrastPlan"/> measured in pinned workers, each family's kernels
/// interleaved sample by sample as base and head are in `ab` (native: in layouts of the one build;
/// managed: in load contexts of the one build), and handed to the gate as contrasts
/// (<see cref="ContrastSides"/>). A rerun of some contrasts runs only the kernels they need (their
/// kernels and references, as one group per family); every launch is numbered within the run
/// (<see cref="BenchmarkResult.FamilyLaunches"/>), so a contrast pairs on exactly the launches in
/// which both its kernels ran. <see cref="Kernels"/> gathers every round's samples by kernel.
/// </summary>
public sealed class ContrastSampler(ContrastPlan plan, string library, Running.Managed.ManagedKernelSpec? managed, RunRequest request, WorkerLaunch launch,
    IProgress<RunProgress>? progress) : ISampler
{
    public bool Resamples => true;

    public (int Native, int Managed) ProfileLaunches => (request.Profile.Launches, request.Profile.ManagedLaunches);

    // launches run so far, per implementation: the next round's launches are numbered after them
    private readonly Dictionary<string, int> _launches = [];

    private BenchmarkResult Numbered(BenchmarkResult r) =>
        r with { FamilyLaunches = Enumerable.Range(_launches.GetValueOrDefault(r.Implementation), r.SamplesPerLaunch.Count).ToArray() };

    /// <summary>Every kernel's samples so far, all rounds; null before the first.</summary>
    public ResultsDocument? Kernels { get; private set; }

    public Measured Measure(Batch batch)
    {
        var (ids, loops, stopLaunching) = (batch.Ids, batch.Loops, batch.StopLaunching);
        var families = ids is null ? plan.Families : plan.Only(c => ids.Contains(c.Id)).Families;
        // every contrast whose two kernels run in this round is measured again, whether it was asked for or not
        var contrasts = plan.Contrasts.Where(c => families.Any(f => f.Id == c.Family && f.Kernels.Contains(c.Kernel) && f.Kernels.Contains(c.Reference))).ToList();
        // a contrast's loop count is its family's
        var familyLoops = loops is null ? null : contrasts.Where(c => loops.ContainsKey(c.Id)).GroupBy(c => c.Family).ToDictionary(g => g.Key, g => loops[g.First().Id]);
        var profile = batch.Apply(request.Profile);
        var seed = request.Seed + batch.Look;
        var clock = Stopwatch.StartNew();
        var probe = batch.Look == 0 ? PhaseClock.Run(batch.Clock, PhaseClock.Probe, () => Hosting.CpuProbe.Measure(library, launch, request.Seed)) : null;
        var lib = NativeLibraries.Load(library);
        var native = families.Where(f => !Running.Dotnet.DotnetIds.IsManaged(f.Kernels[0])).ToList();
        var twins = families.Where(f => Running.Dotnet.DotnetIds.IsManaged(f.Kernels[0])).ToList();
        var outcome = new KernelRunOutcome(lib.BuildInfo, []);
        PlacementSettings? placement = null;
        if (native.Count > 0)
        {
            var pool = NativeLayouts.For(library, profile.Placements > 1 ? profile.NativeLayouts : 1);
            var placements = Math.Min(profile.Placements, pool.Libraries.Count);
            outcome = new KernelRunner(launch, progress) { StopLaunching = stopLaunching, Clock = batch.Clock }.Run(
                [new KernelRunner.Side(pool.Libraries, placements)], native, (profile with { Placements = placements }).Placed(), seed, familyLoops)[0];
            if (profile.Placements > 1)
                placement = new PlacementSettings(profile.Placements, placements > 1 ? pool.Libraries.Count : 1,
                    pool.Unavailable is null ? null : $"the native kernels ran in one layout: {pool.Unavailable}");
        }
        if (twins.Count > 0)
        {
            var spec = managed ?? throw new InvalidOperationException("managed contrasts planned for a suite without managed kernels");
            var results = Running.Managed.ManagedRuns.Run([spec], twins, profile.Placed(), seed, launch, lib.BuildInfo.TimerHz, progress, familyLoops,
                stopLaunching, profile.Placements, batch.Clock)[0];
            outcome = outcome with { Results = outcome.Results.Concat(results).ToList() };
        }
        outcome = outcome with { Results = outcome.Results.Select(Numbered).ToList() };
        foreach (var impl in outcome.Results.GroupBy(r => r.Implementation))
            _launches[impl.Key] = _launches.GetValueOrDefault(impl.Key) + impl.Max(r => r.SamplesPerLaunch.Count);
        var doc = BenchRun.Document(outcome, request with { Profile = profile.Placed(), Seed = seed }, clock.Elapsed, lanes: launch.EffectiveLanes);
        doc = doc with { Run = doc.Run with { CpuProbe = probe, Placement = placement, Phases = batch.Clock?.Snapshot() } };
        Kernels = Kernels is null ? doc : ResultsMerge.Append(Kernels, doc);
        var (@base, head) = ContrastSides.Of(doc, contrasts, paired: true, Guid.NewGuid().ToString("n"));
        return new Measured(@base, head);
    }
}
