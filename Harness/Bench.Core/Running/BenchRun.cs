using System.Diagnostics;
using System.Reflection;
using Bench.Core.Catalog;
using Bench.Core.Hosting;
using Bench.Core.Results;
using Bench.Core.Running.Dotnet;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

/// <summary>
/// `bench run` without the console: select, run (native kernels and managed twins in pinned
/// workers; with --thorough the twins, and with --crosscheck the native kernels too, under
/// BenchmarkDotNet), assemble the results document.
/// </summary>
public static class BenchRun
{
    public static ResultsDocument Execute(RunRequest request, WorkerLaunch launch, IProgress<RunProgress>? progress = null)
    {
        var library = NativeLibraries.LoadDefault();
        var selected = BenchmarkCatalog.ForRun(library.Kernels, request.CrossCheck).Select(new BenchmarkFilter(request.Filters)).Select(b => b.Id).ToList();
        var clock = Stopwatch.StartNew();
        var probe = CpuProbe.Measure(library.Path, launch, request.Seed);
        var doc = Document(Measure(library, selected, request, launch, progress), request, clock.Elapsed, lanes: launch.EffectiveLanes);
        return doc with { Run = doc.Run with { CpuProbe = probe } };
    }

    /// <summary>
    /// Runs <paramref name="ids"/> of one build, each where it belongs (native kernels and managed
    /// twins in pinned workers, the rest under BenchmarkDotNet), results in the order of the IDs.
    /// <paramref name="loops"/> fixes the loop count of some benchmarks (a rerun keeps its first run's);
    /// <paramref name="managed"/> is the build of the twins (default: this bench's).
    /// </summary>
    public static KernelRunOutcome Measure(Bench.Suite.Host.NativeKernelLibrary library, IReadOnlyList<string> ids, RunRequest request, WorkerLaunch launch,
        IProgress<RunProgress>? progress, IReadOnlyDictionary<string, ulong>? loops = null, Managed.ManagedKernelSpec? managed = null,
        Func<bool>? stopLaunching = null)
    {
        var bdn = ids.Where(id => DotnetIds.RunsInBdn(id, request.Thorough)).ToHashSet();
        var nativeIds = ids.Where(id => !bdn.Contains(id) && !DotnetIds.IsManaged(id)).ToList();
        var managedIds = ids.Where(id => !bdn.Contains(id) && DotnetIds.IsManaged(id)).ToList();
        var native = nativeIds.Count > 0
            ? new KernelRunner(launch, progress) { StopLaunching = stopLaunching, Clock = request.Clock }.Run(library.Path, nativeIds, request.Profile, request.Seed, loops)
            : new KernelRunOutcome(library.BuildInfo, []);
        var twins = managedIds.Count > 0
            ? Managed.ManagedRuns.Run([managed ?? Suites.Suite.Current.Managed ?? throw new InvalidOperationException("managed kernels selected from a suite that has none")], managedIds, request.Profile, request.Seed, launch, library.BuildInfo.TimerHz, progress,
                loops, stopLaunching, clock: request.Clock)[0]
            : [];
        var viaBdn = RunDotnet(ids.Where(bdn.Contains).ToList(), request, library.BuildInfo.TimerHz, progress);
        return native with { Results = Results.ResultsMerge.InOrder(ids, native.Results.Concat(twins).Concat(viaBdn)) };
    }

    /// <summary>
    /// What runs a selection under BenchmarkDotNet: the CLI sets it, as it carries the suite's
    /// BenchmarkDotNet classes (the core knows no suite); null: this host runs none.
    /// </summary>
    public static Func<DotnetRunRequest, IProgress<RunProgress>?, IReadOnlyList<BenchmarkResult>>? DotnetRunner { get; set; }

    /// <summary>Runs the BenchmarkDotNet part of a selection (nothing when it has none).</summary>
    public static IReadOnlyList<BenchmarkResult> RunDotnet(IReadOnlyList<string> ids, RunRequest request, double timerHz, IProgress<RunProgress>? progress)
    {
        if (ids.Count == 0)
            return [];
        var log = request.DotnetLog ?? Path.Combine(Path.GetTempPath(), $"bench-bdn-{Environment.ProcessId}.log");
        // the managed twins measure on the last CPU allowed, as one of the native launches does
        var cpu = Hosting.CpuAffinity.Allowed() is { Count: > 0 } cpus ? cpus[^1] : (int?)null;
        var runner = DotnetRunner ?? throw BenchException.Usage(
            $"{ids[0]} runs under BenchmarkDotNet, and this host of Bench's core carries no BenchmarkDotNet runner: run it with the bench command.");
        return runner(new DotnetRunRequest(ids, request.Profile.BdnLaunches, request.Thorough, timerHz, log, cpu), progress);
    }

    /// <summary>The results document of one run (or one arm of an interleaved run).</summary>
    /// <param name="lanes">Launches that ran at once (<see cref="WorkerLaunch.EffectiveLanes"/>).</param>
    public static ResultsDocument Document(KernelRunOutcome outcome, RunRequest request, TimeSpan wall, PairingInfo? pairing = null,
        string? workingDirectory = null, int lanes = 1)
    {
        var p = request.Profile;
        return new ResultsDocument
        {
            Tool = Tool,
            CreatedUtc = DateTimeOffset.UtcNow,
            Host = HostProbe.Describe(outcome.Build ?? throw new ArgumentException("a results document needs the native library's build facts", nameof(outcome)),
                workingDirectory),
            Run = new RunSettings
            {
                Profile = p.Name,
                Filters = request.Filters.Count == 0 ? ["*"] : request.Filters,
                Launches = p.Launches,
                WarmupSamples = p.WarmupSamples,
                RoundsPerLaunch = p.RoundsPerLaunch,
                SamplesPerBlock = p.SamplesPerBlock,
                DiscardedPerBlock = p.DiscardedPerBlock,
                SampleTargetMilliseconds = p.SampleTargetMilliseconds,
                Seed = request.Seed,
                WallSeconds = Math.Round(wall.TotalSeconds, 3),
                Lanes = lanes > 1 ? lanes : null,
            },
            Benchmarks = outcome.Results.Select(Statistics.PlacementVariance.Recorded).ToList(),
            Pairing = pairing,
        };
    }

    public static ToolInfo Tool { get; } = new("bench",
        typeof(BenchRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
}
