using Bench.Suite.Host;
using Bench.Core.Catalog;
using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

/// <summary>
/// Runs native kernels in worker processes, launch after launch: open, calibrate (first launch
/// only: every launch runs the same loop count), warm up, interleaved blocks of samples (see
/// <see cref="RunProfile"/>), then close, which checks each pool's page accounting. A worker that
/// dies is replaced; the kernel it was running is reported as crashed, every other result is kept.
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
/// the launches taking the CPUs in turn (the first chosen by the seed); every result records the
/// CPU of each launch. With one lane (<see cref="WorkerLaunch.Lanes"/>) one launch runs at a time
/// and this process keeps off its CPU. With more, as many launches run at once, each on a CPU of
/// its own: lane j runs, in order, the launches whose CPU is the j-th, so every CPU still takes
/// its launches in turn, and a launch is still one worker process whose arms pair only with each
/// other. The first launch runs alone when it has loop counts to choose. Each launch's samples go
/// to the results in launch order, whatever order the lanes finished in.
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

    // the launch every worker after the first starts with (the first one's TSC rate added)
    private WorkerLaunch? _launch;
    private readonly Lock _lock = new();
    // per slot (a side's placement), the side it belongs to
    private int[] _sideOf = [];
    private int _done, _total;
    // set once the first launch has chosen the loop counts (null: every count was given)
    private ManualResetEventSlim? _loopsChosen;

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
        var plans = Plan(sides, profile.Launches, seed);
        var lanes = launch.EffectiveLanes;
        var narrowed = false;
        LaunchState? first = null;
        try
        {
            first = new LaunchState(plans[0]);
            if (lanes == 1)
                narrowed = KeepOff(first.Cpu);
            var libraries = StartWorker(first);
            if (TimerHz <= 0 && libraries.Any(l => l.Managed is not null))
                throw new InvalidOperationException("a run of managed kernels needs the TSC frequency (TimerHz) to give cycles(tsc)");
            var groups = families.Select(f => new KernelGroup(f.Id, libraries.SelectMany((l, lib) =>
                f.Kernels.Select(id => new KernelArm(lib, Find(l, first, lib, id), l.Managed is not null))).ToArray()) { Family = f.Kernels.Count > 1 }).ToList();
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
            var done = new LaunchState?[plans.Count];
            // the first launch chooses the loop counts still to choose; a launch running beside it waits for them before its warm-up
            _loopsChosen = active.Any(g => g.Loops == 0) ? new ManualResetEventSlim(false) : null;
            var cpus = launch.Cpus;
            var started = first;
            first = null;
            // lane j runs the launches whose CPU is the j-th (one lane: every launch, on this thread); a
            // lane that fails stops the others at their next launch
            Exception? failure = null;
            void Lane(int lane)
            {
                try
                {
                    for (var i = 0; i < plans.Count && Volatile.Read(ref failure) is null; i++)
                    {
                        if (lanes > 1 && plans[i].Cpu != cpus![lane])
                            continue;
                        if (i > 0 && StopLaunching?.Invoke() == true)
                            break;
                        var reuse = i == 0;
                        var l = reuse ? started : new LaunchState(plans[i]);
                        try
                        {
                            if (!reuse)
                            {
                                if (lanes == 1)
                                    narrowed |= KeepOff(l.Cpu);
                                StartWorker(l);
                            }
                            RunLaunch(l, active, profile);
                        }
                        finally
                        {
                            l.End(this);
                        }
                        done[i] = l;
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    // no launch waits for loop counts that will not come
                    _loopsChosen?.Set();
                }
            }
            if (lanes == 1)
                Lane(0);
            else
            {
                // a thread a lane, so the lanes do run at once
                var threads = Enumerable.Range(0, lanes).Select(lane => new Thread(() => Lane(lane)) { IsBackground = true, Name = $"bench lane {lane}" }).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
            }
            if (failure is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            // each launch's samples, in launch order (a launch stopped before it started has none)
            foreach (var l in done.Where(l => l is not null))
                l!.Commit();
            progress?.Report(new RunProgress(_total, _total, "done", null));
            return sides.Select((_, side) =>
            {
                var at = Array.IndexOf(_sideOf, side);
                var l = libraries[at];
                return new KernelRunOutcome(l.Build, groups.Zip(families).SelectMany(x => x.Second.Kernels.Select(id =>
                        KernelResults.Of(x.First, x.First.Arms.Where(a => _sideOf[a.Lib] == side && a.Kernel.Id == id).ToArray(), l, TimerHz, launch.Environment))).ToList())
                    { Managed = l.Managed };
            }).ToList();
        }
        finally
        {
            _loopsChosen?.Dispose();
            _loopsChosen = null;
            first?.End(this);
            foreach (var p in plans)
                p.State?.End(this);
            if (narrowed)
                Hosting.CpuAffinity.SetProcess(Hosting.CpuAffinity.AtStart);
        }
    }

    /// <summary>
    /// Every launch's CPU, libraries and load order, drawn up front in launch order (so the lanes
    /// draw exactly what one lane would), each with a seed of its own for its shuffles.
    /// </summary>
    private List<LaunchPlan> Plan(IReadOnlyList<Side> sides, int launches, int seed)
    {
        var rng = new Random(seed);
        var layouts = new LayoutDeck(sides.Select(x => x.Pool.Count).Where(n => n > 1).DefaultIfEmpty(1).Min(), rng);
        var cpus = launch.Cpus is { Count: > 0 } c ? c : null;
        var plans = new List<LaunchPlan>(Math.Max(1, launches));
        for (var i = 0; i < Math.Max(1, launches); i++)
        {
            // the launch's layout indices, shared by the sides (variant i of every build sits behind one padding) and drawn
            // from a deck, so no layout serves two launches until every one has served one
            var indices = layouts.Deal(sides.Max(x => x.Placements));
            var libraries = new string[_sideOf.Length];
            var at = 0;
            foreach (var side in sides)
                for (var p = 0; p < side.Placements; p++)
                    libraries[at++] = side.Pool[side.Pool.Count > 1 ? indices[p] % side.Pool.Count : 0];
            var slot = Enumerable.Range(0, _sideOf.Length).ToArray();
            rng.Shuffle(slot);
            plans.Add(new LaunchPlan(i, cpus is null ? null : cpus[(i + Math.Abs(seed % cpus.Count)) % cpus.Count], libraries, slot, rng.Next()));
        }
        return plans;
    }

    /// <summary>One launch: open, settle, calibrate, warm up, the rounds, close.</summary>
    private void RunLaunch(LaunchState l, List<KernelGroup> active, RunProfile profile)
    {
        foreach (var g in Live(active))
            OpenGroup(l, g);
        Settle(l, active);
        if (l.Index == 0)
        {
            try
            {
                foreach (var g in Live(active))
                    Calibrate(l, g, profile);
            }
            finally
            {
                _loopsChosen?.Set();
            }
        }
        else if (_loopsChosen is { IsSet: false } chosen)
            Timed(PhaseClock.Calibrate, chosen.Wait);
        foreach (var g in Live(active))
            Block(l, g, profile.WarmupSamples, 0, "warm-up");
        l.Sampled.AddRange(Live(active).SelectMany(g => g.Arms));
        foreach (var a in l.Sampled)
            l.Kept[a] = [];
        for (var round = 0; round < profile.RoundsPerLaunch; round++)
        {
            var order = Live(active).ToArray();
            l.Rng.Shuffle(order);
            foreach (var g in order)
                Block(l, g, profile.DiscardedPerBlock, profile.SamplesPerBlock,
                    $"launch {l.Index + 1}/{profile.Launches}, round {round + 1}/{profile.RoundsPerLaunch}");
        }
        foreach (var g in Live(active))
            CloseGroup(l, g);
    }

    private KernelInfo Find(WorkerLibrary library, LaunchState l, int lib, string id) =>
        library.Kernels.FirstOrDefault(k => k.Id == id)
        ?? throw BenchException.Usage($"{l.Libraries[lib]} has no kernel '{id}'");

    private static List<KernelGroup> Live(List<KernelGroup> groups) => groups.Where(g => g.Active).ToList();

    /// <summary>
    /// With one launch at a time, this process keeps off the measuring CPU where there is another
    /// to go to; true when it narrowed itself.
    /// </summary>
    private bool KeepOff(int? cpu)
    {
        if (cpu is not { } measuring || launch.Cpus is not { Count: > 1 } all)
            return false;
        Hosting.CpuAffinity.SetProcess(all.Where(c => c != measuring).ToList());
        return true;
    }

    /// <summary>What is drawn for a launch before any runs: its CPU, the library in each slot, the worker's load order, its seed.</summary>
    private sealed record LaunchPlan(int Index, int? Cpu, string[] Libraries, int[] Slot, int Seed)
    {
        public LaunchState? State { get; set; }
    }

    /// <summary>One launch as it runs: its worker, the arms it has open, the samples it kept.</summary>
    private sealed class LaunchState
    {
        public LaunchState(LaunchPlan plan)
        {
            Plan = plan;
            plan.State = this;
            Rng = new Random(plan.Seed);
        }

        public LaunchPlan Plan { get; }
        public int Index => Plan.Index;
        public int? Cpu => Plan.Cpu;
        public string[] Libraries => Plan.Libraries;
        public int[] Slot => Plan.Slot;
        public Random Rng { get; }
        public WorkerClient? Worker { get; set; }
        public LaunchCopies? Copies { get; set; }
        /// <summary>The CPU the worker reported (-1: not pinned).</summary>
        public int WorkerCpu { get; set; } = -1;
        public List<KernelGroup> Opened { get; } = [];
        public HashSet<KernelArm> Open { get; } = [];
        /// <summary>The arms that were live when the launch began sampling, each with the samples it kept.</summary>
        public List<KernelArm> Sampled { get; } = [];
        public Dictionary<KernelArm, List<TimedSample>> Kept { get; } = [];

        /// <summary>Adds the launch's samples to its arms: one more launch for each arm it sampled.</summary>
        public void Commit()
        {
            foreach (var a in Sampled)
            {
                var kept = Kept[a];
                a.Samples.AddRange(kept);
                a.SamplesPerLaunch.Add(kept.Count);
                a.LaunchCpus.Add(WorkerCpu);
                a.LaunchLibraries.Add(Libraries[a.Lib]);
            }
        }

        /// <summary>Ends the worker and removes the launch's copies (safe to call twice).</summary>
        public void End(KernelRunner runner)
        {
            var worker = Worker;
            Worker = null;
            if (worker is not null)
                runner.Timed(PhaseClock.Close, worker.Dispose);
            Copies?.Dispose();
            Copies = null;
        }
    }
}
