using Bench.Suite.Host;
using Bench.Core.Results;
using Bench.Core.Running.Dotnet;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running.Managed;

/// <summary>
/// Runs managed twins in Bench's own pinned workers (<see cref="KernelRunner"/> with builds of the
/// twins as its libraries): the kernels under the runtime's default in one set of launches, the
/// <c>@pgo-off</c> ones in another whose workers run with tiered PGO off (a process-wide setting).
/// Every worker starts tiering at once (<c>DOTNET_TC_CallCountingDelayMs=0</c>: it decides when
/// tier-1 code arrives, not what it is).
/// </summary>
public static class ManagedRuns
{
    /// <summary>The launch for managed workers: the call-counting delay off, and tiered PGO off where asked.</summary>
    public static WorkerLaunch Launch(WorkerLaunch launch, bool pgoOff)
    {
        var env = new Dictionary<string, string>(launch.Environment)
        {
            [RuntimeVariables.CallCountingDelay] = "0",
        };
        if (pgoOff)
            env[RuntimeVariables.Pgo] = "0";
        else
            env.Remove(RuntimeVariables.Pgo);
        return launch with { Environment = env };
    }

    /// <summary>
    /// Runs <paramref name="ids"/> (managed, with or without <c>@pgo-off</c>) from every build in
    /// <paramref name="builds"/>, interleaved, each in <paramref name="placements"/> load contexts a launch; per build, its results in the order of <paramref name="ids"/>.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<BenchmarkResult>> Run(IReadOnlyList<ManagedKernelSpec> builds, IReadOnlyList<string> ids, RunProfile profile,
        int seed, WorkerLaunch launch, double timerHz, IProgress<RunProgress>? progress, IReadOnlyDictionary<string, ulong>? loops = null,
        Func<bool>? stopLaunching = null, int placements = 1, PhaseClock? clock = null) =>
        Run(builds, ids.Select(KernelFamily.Of).ToList(), profile, seed, launch, timerHz, progress, loops, stopLaunching, placements, clock);

    /// <summary>The same for families of kernels, each run as one group (<see cref="KernelRunner"/>); per build, every family's kernels in order.</summary>
    public static IReadOnlyList<IReadOnlyList<BenchmarkResult>> Run(IReadOnlyList<ManagedKernelSpec> builds, IReadOnlyList<KernelFamily> families, RunProfile profile,
        int seed, WorkerLaunch launch, double timerHz, IProgress<RunProgress>? progress, IReadOnlyDictionary<string, ulong>? loops = null,
        Func<bool>? stopLaunching = null, int placements = 1, PhaseClock? clock = null)
    {
        var ids = families.SelectMany(f => f.Kernels).ToList();
        var byId = builds.Select(_ => new Dictionary<string, BenchmarkResult>()).ToList();
        foreach (var pgoOff in new[] { false, true })
        {
            // a family's kernels share their job: the first one's says which launches run it
            var part = families.Where(f => f.Kernels[0].EndsWith(DotnetIds.PgoOffSuffix, StringComparison.Ordinal) == pgoOff).ToList();
            if (part.Count == 0)
                continue;
            var runner = new KernelRunner(Launch(launch, pgoOff), progress) { TimerHz = timerHz, StopLaunching = stopLaunching, Clock = clock };
            // a placement is a load context: the same build again, each kernel it opens loaded afresh
            var sides = builds.Select(b => new KernelRunner.Side([b.ToString()], placements)).ToList();
            var outcomes = runner.Run(sides, part, profile.ForManaged(), seed + (pgoOff ? 1 : 0), loops);
            for (var b = 0; b < builds.Count; b++)
                foreach (var r in outcomes[b].Results)
                    byId[b][r.Id] = r;
        }
        return byId.Select(d => (IReadOnlyList<BenchmarkResult>)ids.Select(id => d[id]).ToList()).ToList();
    }

    /// <summary>The managed IDs a build of the twins offers under the runtime's default (no <c>@pgo-off</c>), read from the build itself.</summary>
    public static IReadOnlyList<string> Ids(ManagedKernelSpec build) =>
        ManagedKernelAssembly.Load(build).Kernels.Where(k => k.ContrastControl is null).Select(k => DotnetIds.Kernel(k.Id)).ToList();
}
