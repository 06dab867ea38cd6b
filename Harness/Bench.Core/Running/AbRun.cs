using System.Diagnostics;
using Bench.Core.Catalog;
using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

/// <summary>Two kernel libraries to run against each other, and where each came from (for the results' host context).</summary>
/// <param name="BaseWorkingDirectory">The base's checkout, so its results name its commit; null: the current directory's.</param>
/// <param name="BaseManaged">The base's build of the managed twins; null: the twins are not compared.</param>
/// <param name="HeadManaged">The head's build of the managed twins; null: the twins are not compared.</param>
/// <param name="BaseCommit">The base's commit when it was built from one with no checkout left (a cached build); its results name it.</param>
public sealed record AbLibraries(string BaseLibrary, string HeadLibrary, string? BaseWorkingDirectory = null,
    Managed.ManagedKernelSpec? BaseManaged = null, Managed.ManagedKernelSpec? HeadManaged = null, string? BaseCommit = null)
{
    /// <summary>Whether both sides have managed twins to compare.</summary>
    public bool HasManaged => BaseManaged is not null && HeadManaged is not null;

    /// <summary>A base built from a commit (in a worktree, or taken from the cache) against a head library and its twins: `ab --base` and `gate` alike.</summary>
    public static AbLibraries Of(BaseBuild build, string headLibrary, Managed.ManagedKernelSpec? headManaged) =>
        new(build.Library, headLibrary, build.Worktree, build.Managed is null ? null : Managed.ManagedKernelSpec.Parse(build.Managed), headManaged,
            build.Worktree is null ? build.Commit : null);
}

/// <summary>The two arms of one interleaved run: sample i of a benchmark in Base pairs with sample i in Head.</summary>
public sealed record AbOutcome(ResultsDocument Base, ResultsDocument Head, IReadOnlyList<string> OnlyInBase, IReadOnlyList<string> OnlyInHead);

/// <summary>
/// `bench ab` without git and the console: loads the base and the head library
/// side by side in every worker and interleaves their samples (see
/// <see cref="KernelRunner"/>); then, given both sides' builds of the managed twins, the
/// same for them (two copies of the twins side by side in every worker, each kernel of each
/// in a load context of its own). Benchmarks on one side only are not run (the comparison lists
/// them as added or removed). Each native kernel's results are followed by its managed twins'.
/// </summary>
public static class AbRun
{
    public const string BaseRole = "base";
    public const string HeadRole = "head";

    /// <param name="stopLaunching">Once true, no further launch starts (each part keeps at least one).</param>
    public static AbOutcome Execute(AbLibraries libraries, RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress = null,
        IReadOnlyDictionary<string, ulong>? loops = null, Func<bool>? stopLaunching = null)
    {
        var profile = request.Profile;
        var basePool = NativeLayouts.For(libraries.BaseLibrary, profile.Placements > 1 ? profile.NativeLayouts : 1);
        var headPool = NativeLayouts.For(libraries.HeadLibrary, profile.Placements > 1 ? profile.NativeLayouts : 1);
        var baseLib = NativeLibraries.Load(basePool.Libraries[0]);
        var headLib = NativeLibraries.Load(headPool.Libraries[0]);
        var filter = new BenchmarkFilter(request.Filters);
        var baseIds = BenchmarkCatalog.FromNative(baseLib.Kernels.Where(k => k.ContrastControl is null)).All.Where(b => filter.Matches(b.Id)).Select(b => b.Id).ToList();
        var headIds = BenchmarkCatalog.FromNative(headLib.Kernels.Where(k => k.ContrastControl is null)).All.Where(b => filter.Matches(b.Id)).Select(b => b.Id).ToList();
        var baseManaged = libraries.HasManaged ? Managed.ManagedRuns.Ids(libraries.BaseManaged!).Where(filter.Matches).ToList() : [];
        var headManaged = libraries.HasManaged ? Managed.ManagedRuns.Ids(libraries.HeadManaged!).Where(filter.Matches).ToList() : [];
        var unmatched = filter.Unmatched(baseIds.Concat(headIds).Concat(baseManaged).Concat(headManaged));
        if (unmatched.Count > 0)
            throw BenchException.Usage($"no benchmark matches {string.Join(", ", unmatched.Select(g => $"'{g}'"))} in base or head: see `bench list`.");
        var common = headIds.Where(baseIds.Contains).ToList();
        // both sides take as many placements, or their samples would not pair
        var nativePlacements = Math.Min(profile.Placements, Math.Min(basePool.Libraries.Count, headPool.Libraries.Count));
        var clock = Stopwatch.StartNew();
        var outcomes = common.Count == 0
            ? [new KernelRunOutcome(baseLib.BuildInfo, []), new KernelRunOutcome(headLib.BuildInfo, [])]
            : new KernelRunner(launch, progress) { StopLaunching = stopLaunching, Clock = request.Clock }.Run(
                [new KernelRunner.Side(basePool.Libraries, nativePlacements), new KernelRunner.Side(headPool.Libraries, nativePlacements)], common,
                (profile with { Placements = nativePlacements }).Placed(), request.Seed, loops);
        var commonManaged = headManaged.Where(baseManaged.Contains).ToList();
        if (commonManaged.Count > 0)
        {
            var managed = Managed.ManagedRuns.Run([libraries.BaseManaged!, libraries.HeadManaged!], commonManaged, profile.Placed(), request.Seed, launch,
                headLib.BuildInfo.TimerHz, progress, loops, stopLaunching, profile.Placements, request.Clock);
            var order = BenchmarkCatalog.ForRun(headLib.Kernels).All.Select(b => b.Id).ToList();
            IReadOnlyList<Results.BenchmarkResult> Merge(KernelRunOutcome o, IReadOnlyList<Results.BenchmarkResult> m) => Results.ResultsMerge.InOrder(order, o.Results.Concat(m));
            outcomes = [outcomes[0] with { Results = Merge(outcomes[0], managed[0]) }, outcomes[1] with { Results = Merge(outcomes[1], managed[1]) }];
        }
        var runId = Guid.NewGuid().ToString("n");
        string[] roles = [BaseRole, HeadRole];
        PlacementSettings? placement = null;
        if (profile.Placements > 1)
        {
            var missing = new[] { (basePool, "base"), (headPool, "head") }.Where(x => x.Item1.Unavailable is not null)
                .Select(x => $"the {x.Item2}'s native kernels ran in one layout: {x.Item1.Unavailable}").ToList();
            placement = new PlacementSettings(profile.Placements, nativePlacements > 1 ? Math.Min(basePool.Libraries.Count, headPool.Libraries.Count) : 1,
                missing.Count == 0 ? null : string.Join("; ", missing));
        }
        ResultsDocument Doc(KernelRunOutcome o, string role, string? wd)
        {
            var doc = BenchRun.Document(o, request with { Profile = (profile with { Placements = nativePlacements }).Placed() }, clock.Elapsed,
                new PairingInfo(runId, role, roles), wd, launch.EffectiveLanes);
            return doc with { Run = doc.Run with { Placement = placement, Phases = request.Clock?.Snapshot() } };
        }
        var baseDoc = Doc(outcomes[0], BaseRole, libraries.BaseWorkingDirectory);
        if (libraries.BaseCommit is { } commit)
            baseDoc = baseDoc with { Host = baseDoc.Host with { Commit = commit, CommitDirty = false } };
        return new AbOutcome(
            baseDoc,
            Doc(outcomes[1], HeadRole, null),
            baseIds.Except(headIds).Concat(baseManaged.Except(headManaged)).ToList(),
            headIds.Except(baseIds).Concat(headManaged.Except(baseManaged)).ToList());
    }
}
