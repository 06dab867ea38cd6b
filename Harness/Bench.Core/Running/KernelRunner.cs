using Bench.Suite.Host;
using Bench.Core.Catalog;
using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

/// <summary>
/// Runs native kernels in worker processes, one launch after another: open,
/// calibrate (first launch only: every launch runs the same loop count), warm
/// up, interleaved blocks of samples (see <see cref="RunProfile"/>), then close,
/// which checks each pool's page accounting. A worker that dies is replaced;
/// the kernel it was running is reported as crashed, every other result is kept.
/// <para>
/// Given several libraries (base and head for `bench ab`), every worker loads
/// all of them and each benchmark runs as a group of arms, one per library,
/// with one loop count: a block is one request in which the arms take turns
/// sample by sample, each tuple in a fresh random order, so sample i of every
/// arm was taken within a few milliseconds of the others (a pair for paired
/// statistics) and a drift of the machine lands on all arms alike.
/// </para>
/// <para>
/// Each launch's worker pins its measuring thread to one CPU of <see cref="WorkerLaunch.Cpus"/>,
/// the launches taking the CPUs in turn (the first chosen by the seed), and this process keeps
/// off that CPU while it runs; every result records the CPU of each launch.
/// </para>
/// <para>
/// Which library a worker loads first, and whose sessions it opens first, is drawn anew for every
/// launch: two copies of identical code in one process do not run alike (placement), and a fixed
/// order would turn that into a steady difference between base and head in every launch. Drawn,
/// it is one more thing that varies between launches, which the launch-level interval absorbs.
/// </para>
/// <para>
/// Placement is a factor of its own (<see cref="Side"/>): a side may bring a pool of layouts of one
/// build (<see cref="NativeLayouts"/>) and take several placements per launch. Each placement is an
/// arm of its own in every tuple, so a tuple takes the pairs across all placements in a random
/// order, and each launch draws its placements afresh from the pool (without repeating one
/// within the side). A managed build's placements are the same spec more than once: every kernel
/// it opens gets a fresh load context, and so a JIT placement of its own. A side's result is all
/// its placements' samples, launch by launch and placement by placement within a launch
/// (<see cref="BenchmarkResult.SamplesPerPlacement"/>).
/// </para>
/// <para>
/// A library may be a build of the managed twins (<see cref="Managed.ManagedKernelSpec"/>): its
/// kernels run in the same workers, pinned alike, after a settle that brings every kernel the
/// launch opened to tier-1 code. Their samples are timed by the monotonic clock, and their
/// cycles(tsc) are that time at <see cref="TimerHz"/>, which a run of managed code must be given.
/// </para>
/// </summary>
public sealed partial class KernelRunner(WorkerLaunch launch, IProgress<RunProgress>? progress = null)
{
    /// <summary>Set for every worker after the first: the TSC rate the first one calibrated (see timer.c).</summary>
    public const string TimerHzVariable = "BENCH_TIMER_HZ";

    /// <summary>One side of a run: what its placements are drawn from (layouts of one build, or one spec), and how many each launch takes.</summary>
    public sealed record Side(IReadOnlyList<string> Pool, int Placements = 1)
    {
        public static Side Of(string library) => new([library]);
    }

    /// <summary>The TSC frequency the native library measured: converts a managed sample's ns into cycles(tsc).</summary>
    public double TimerHz { get; init; }

    /// <summary>Asked before every launch but the first: once true, no further launch starts (a gate's rerun at its wall time).</summary>
    public Func<bool>? StopLaunching { get; init; }

    /// <summary>Where the run's time goes (start, open, settle, calibrate, warm-up, sampling, requests, close); null: not kept.</summary>
    public PhaseClock? Clock { get; init; }

    private void Timed(string phase, Action work)
    {
        if (Clock is null)
            work();
        else
            Clock.Time(phase, work);
    }

    private WorkerClient? _worker;
    private LaunchCopies? _copies;
    private WorkerLaunch? _launch;
    // per slot (a side's placement), the library the current launch loaded there
    private string[] _libraries = [];
    private int[] _sideOf = [];
    private int _done, _total;
    private int? _cpu;
    private int _workerCpu = -1;
    // where each library (in the caller's order) sits in the current worker's list: reshuffled every launch
    private int[] _slot = [];

    /// <summary>Runs <paramref name="ids"/> from one library.</summary>
    public KernelRunOutcome Run(string libraryPath, IReadOnlyList<string> ids, RunProfile profile, int seed,
        IReadOnlyDictionary<string, ulong>? loops = null) => Run([libraryPath], ids, profile, seed, loops)[0];

    /// <summary>Runs <paramref name="ids"/> from every library, one placement each, interleaved; one outcome per library, in order.</summary>
    public IReadOnlyList<KernelRunOutcome> Run(IReadOnlyList<string> libraryPaths, IReadOnlyList<string> ids, RunProfile profile, int seed,
        IReadOnlyDictionary<string, ulong>? loops = null) => Run(libraryPaths.Select(Side.Of).ToList(), ids, profile, seed, loops);

    /// <summary>
    /// Runs <paramref name="ids"/> from every side, interleaved; one outcome per side, in order.
    /// <paramref name="loops"/> fixes the loop count of some benchmarks (a rerun keeps its first run's).
    /// </summary>
    public IReadOnlyList<KernelRunOutcome> Run(IReadOnlyList<Side> sides, IReadOnlyList<string> ids, RunProfile profile, int seed,
        IReadOnlyDictionary<string, ulong>? loops = null) => Run(sides, ids.Select(KernelFamily.Of).ToList(), profile, seed, loops);

    /// <summary>
    /// Runs every family from every side: a family's kernels (each on every side, in every placement)
    /// are the arms of one group, so they take turns sample by sample in the same tuples, as base
    /// and head do, and any two of them pair (a contrast). One outcome per side, each with the
    /// results of every family's kernels in order; <paramref name="loops"/> is keyed by family.
    /// </summary>
    public IReadOnlyList<KernelRunOutcome> Run(IReadOnlyList<Side> sides, IReadOnlyList<KernelFamily> families, RunProfile profile, int seed,
        IReadOnlyDictionary<string, ulong>? loops = null)
    {
        if (sides.Count == 0)
            throw new ArgumentException("at least one side", nameof(sides));
        if (sides.Any(s => s.Pool.Count == 0 || s.Placements < 1))
            throw new ArgumentException("every side has a library and at least one placement", nameof(sides));
        _sideOf = sides.SelectMany((s, i) => Enumerable.Repeat(i, s.Placements)).ToArray();
        _libraries = new string[_sideOf.Length];
        _slot = Enumerable.Range(0, _sideOf.Length).ToArray();
        var rng = new Random(seed);
        var layouts = new LayoutDeck(sides.Select(x => x.Pool.Count).Where(n => n > 1).DefaultIfEmpty(1).Min(), rng);
        void Draw()
        {
            // the launch's layout indices, shared by the sides (variant i of every build sits behind one padding) and drawn
            // from a deck, so no layout serves two launches until every one has served one
            var indices = layouts.Deal(sides.Max(x => x.Placements));
            var at = 0;
            foreach (var side in sides)
                for (var p = 0; p < side.Placements; p++)
                    _libraries[at++] = side.Pool[side.Pool.Count > 1 ? indices[p] % side.Pool.Count : 0];
            rng.Shuffle(_slot);
        }
        var cpus = launch.Cpus is { Count: > 0 } c ? c : null;
        int? CpuOf(int launchIndex) => cpus is null ? null : cpus[(launchIndex + Math.Abs(seed % cpus.Count)) % cpus.Count];
        try
        {
            _cpu = CpuOf(0);
            Draw();
            var libraries = StartWorker();
            if (TimerHz <= 0 && libraries.Any(l => l.Managed is not null))
                throw new InvalidOperationException("a run of managed kernels needs the TSC frequency (TimerHz) to give cycles(tsc)");
            var groups = families.Select(f => new KernelGroup(f.Id, libraries.SelectMany((l, lib) =>
                f.Kernels.Select(id => new KernelArm(lib, Find(l, lib, id), l.Managed is not null))).ToArray()) { Family = f.Kernels.Count > 1 }).ToList();
            foreach (var g in groups)
            {
                var missing = g.Arms.FirstOrDefault(a => !a.Kernel.Available);
                if (missing is not null)
                    g.Fail(BenchmarkStatus.Unavailable, missing.Kernel.UnavailableReason ?? "not built");
                else if (loops is not null && loops.TryGetValue(g.Id, out var fixedLoops))
                    g.Loops = fixedLoops;
            }

            var active = groups.Where(g => g.Active).ToList();
            // per group: calibrate once, then per launch: open, warm-up, rounds, close
            _total = active.Count * (1 + profile.Launches * (3 + profile.RoundsPerLaunch));
            _done = 0;
            for (var launchIndex = 0; launchIndex < profile.Launches; launchIndex++)
            {
                if (launchIndex > 0 && StopLaunching?.Invoke() == true)
                    break;
                if (launchIndex > 0)
                {
                    _cpu = CpuOf(launchIndex);
                    Draw();
                    StartWorker();
                }
                foreach (var g in Live(active))
                    OpenGroup(g);
                Settle(active);
                foreach (var g in Live(active))
                    Calibrate(g, profile);
                foreach (var g in Live(active))
                    Block(g, rng, profile.WarmupSamples, 0, "warm-up");
                foreach (var a in Live(active).SelectMany(g => g.Arms))
                {
                    a.SamplesPerLaunch.Add(0);
                    a.LaunchCpus.Add(_workerCpu);
                    a.LaunchLibraries.Add(_libraries[a.Lib]);
                }
                for (var round = 0; round < profile.RoundsPerLaunch; round++)
                {
                    var order = Live(active).ToArray();
                    rng.Shuffle(order);
                    foreach (var g in order)
                        Block(g, rng, profile.DiscardedPerBlock, profile.SamplesPerBlock,
                            $"launch {launchIndex + 1}/{profile.Launches}, round {round + 1}/{profile.RoundsPerLaunch}");
                }
                foreach (var g in Live(active))
                    CloseGroup(g);
            }
            progress?.Report(new RunProgress(_total, _total, "done", null));
            return sides.Select((_, side) =>
            {
                var first = Array.IndexOf(_sideOf, side);
                var l = libraries[first];
                return new KernelRunOutcome(l.Build, groups.Zip(families).SelectMany(x => x.Second.Kernels.Select(id =>
                        KernelResults.Of(x.First, x.First.Arms.Where(a => _sideOf[a.Lib] == side && a.Kernel.Id == id).ToArray(), l, TimerHz, launch.Environment))).ToList())
                    { Managed = l.Managed };
            }).ToList();
        }
        finally
        {
            Timed(PhaseClock.Close, () => _worker?.Dispose());
            _worker = null;
            _copies?.Dispose();
            _copies = null;
            if (cpus is { Count: > 1 })
                Hosting.CpuAffinity.SetProcess(Hosting.CpuAffinity.AtStart);
        }
    }

    private KernelInfo Find(WorkerLibrary library, int lib, string id) =>
        library.Kernels.FirstOrDefault(k => k.Id == id)
        ?? throw BenchException.Usage($"{_libraries[lib]} has no kernel '{id}'");

    private static List<KernelGroup> Live(List<KernelGroup> groups) => groups.Where(g => g.Active).ToList();
}
