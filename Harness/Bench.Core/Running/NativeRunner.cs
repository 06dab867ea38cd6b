using Bench.Benchmarks.Native;
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
public sealed class NativeRunner(WorkerLaunch launch, IProgress<RunProgress>? progress = null)
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

    private sealed class Arm(int lib, NativeKernelInfo kernel, bool managed)
    {
        public bool Managed { get; } = managed;
        public int Lib { get; } = lib;
        public NativeKernelInfo Kernel { get; } = kernel;
        public List<ulong[]> Samples { get; } = [];
        /// <summary>Kept samples from each worker process, in order.</summary>
        public List<int> SamplesPerLaunch { get; } = [];
        /// <summary>The CPU each of those processes measured on (-1: not pinned and not known).</summary>
        public List<int> LaunchCpus { get; } = [];
        /// <summary>The library each of those processes loaded for this arm (its layout).</summary>
        public List<string> LaunchLibraries { get; } = [];
        public bool Open { get; set; }
    }

    private sealed class Group(string id, Arm[] arms)
    {
        public string Id { get; } = id;
        public Arm[] Arms { get; } = arms;
        public ulong Loops { get; set; }
        public BenchmarkStatus Status { get; set; } = BenchmarkStatus.Ok;
        public string? Error { get; set; }
        public bool Active => Status == BenchmarkStatus.Ok;

        public void Fail(BenchmarkStatus status, string error)
        {
            if (Active)
                (Status, Error) = (status, error);
        }
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
    public NativeRunOutcome Run(string libraryPath, IReadOnlyList<string> ids, RunProfile profile, int seed,
        IReadOnlyDictionary<string, ulong>? loops = null) => Run([libraryPath], ids, profile, seed, loops)[0];

    /// <summary>Runs <paramref name="ids"/> from every library, one placement each, interleaved; one outcome per library, in order.</summary>
    public IReadOnlyList<NativeRunOutcome> Run(IReadOnlyList<string> libraryPaths, IReadOnlyList<string> ids, RunProfile profile, int seed,
        IReadOnlyDictionary<string, ulong>? loops = null) => Run(libraryPaths.Select(Side.Of).ToList(), ids, profile, seed, loops);

    /// <summary>
    /// Runs <paramref name="ids"/> from every side, interleaved; one outcome per side, in order.
    /// <paramref name="loops"/> fixes the loop count of some benchmarks (a rerun keeps its first run's).
    /// </summary>
    public IReadOnlyList<NativeRunOutcome> Run(IReadOnlyList<Side> sides, IReadOnlyList<string> ids, RunProfile profile, int seed,
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
            var groups = ids.Select(id => new Group(id, libraries.Select((l, lib) => new Arm(lib, Find(l, lib, id), l.Managed is not null)).ToArray())).ToList();
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
                return new NativeRunOutcome(l.Build, groups.Select(g => ToResult(g, g.Arms.Where(a => _sideOf[a.Lib] == side).ToArray(), l)).ToList())
                    { Managed = l.Managed };
            }).ToList();
        }
        finally
        {
            _worker?.Dispose();
            _worker = null;
            _copies?.Dispose();
            _copies = null;
            if (cpus is { Count: > 1 })
                Hosting.CpuAffinity.SetProcess(Hosting.CpuAffinity.AtStart);
        }
    }

    private NativeKernelInfo Find(WorkerLibrary library, int lib, string id) =>
        library.Kernels.FirstOrDefault(k => k.Id == id)
        ?? throw BenchException.Usage($"{_libraries[lib]} has no kernel '{id}'");

    private static List<Group> Live(List<Group> groups) => groups.Where(g => g.Active).ToList();

    private IReadOnlyList<WorkerLibrary> StartWorker()
    {
        _worker?.Dispose();
        // the driving process keeps off the measuring CPU where there is another to go to
        if (_cpu is { } cpu && launch.Cpus is { Count: > 1 } all)
            Hosting.CpuAffinity.SetProcess(all.Where(c => c != cpu).ToList());
        _copies?.Dispose();
        _copies = new LaunchCopies();
        var inWorkerOrder = new string[_libraries.Length];
        for (var lib = 0; lib < _libraries.Length; lib++)
            inWorkerOrder[_slot[lib]] = _copies.Of(_libraries[lib], _slot[lib]);
        _worker = WorkerClient.Start(_launch ?? launch, inWorkerOrder, _cpu);
        var what = string.Join(", ", _libraries);
        WorkerResponse hello;
        try
        {
            hello = _worker.Send(new WorkerRequest(WorkerProtocol.Hello));
        }
        catch (WorkerCrashedException e)
        {
            throw BenchException.Environment($"the worker could not load {what}: {e.Message}");
        }
        if (!hello.Ok || hello.Libraries is null || hello.Libraries.Count != _libraries.Length)
            throw BenchException.Environment($"the worker could not load {what}: {hello.Error}");
        if (_cpu is { } pinned && hello.Cpu != pinned)
            throw BenchException.Environment($"the worker was to measure on CPU {pinned} but runs on CPU {hello.Cpu}: pinning did not hold.");
        // the next workers take the rate this one's libraries calibrated (50 ms a library, most of a worker's start)
        if (_launch is null && hello.Libraries.Select(l => l.Build?.TimerHz ?? 0).FirstOrDefault(hz => hz > 0) is var hz and > 0
            && !launch.Environment.ContainsKey(TimerHzVariable))
            _launch = launch with
            {
                Environment = new Dictionary<string, string>(launch.Environment)
                    { [TimerHzVariable] = Math.Round(hz).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) },
            };
        // only a pinned launch has a CPU of its own; an unpinned one may have moved since
        _workerCpu = _cpu is null ? -1 : hello.Cpu;
        return _slot.Select(slot => hello.Libraries[slot]).ToList();
    }

    private string Name(Arm a) => _libraries.Length == 1 ? a.Kernel.Id : $"{a.Kernel.Id} from {_libraries[a.Lib]}";

    /// <summary>Sends a request for one group; on a crash marks it, restarts the worker and reopens the others.</summary>
    private WorkerResponse? Call(Group g, WorkerRequest request, Arm? arm = null)
    {
        try
        {
            return _worker!.Send(request);
        }
        catch (WorkerCrashedException e)
        {
            var who = arm is null ? g.Id : Name(arm);
            g.Fail(BenchmarkStatus.Crashed, $"the worker crashed running {who}: {e.Message}");
            foreach (var a in g.Arms)
                a.Open = false;
            Restart();
            return null;
        }
    }

    private readonly List<Group> _opened = [];

    private void Restart()
    {
        StartWorker();
        var survivors = _opened.Where(g => g.Active && g.Arms.Any(a => a.Open)).ToList();
        foreach (var a in survivors.SelectMany(g => g.Arms))
            a.Open = false;
        foreach (var g in survivors)
            OpenGroup(g);
        Settle(survivors);
    }

    /// <summary>
    /// Brings the managed kernels the worker has open to tier-1 code, all at once (the JIT's quiet
    /// is the process's): a worker that does not settle fails every managed group it has open.
    /// </summary>
    private void Settle(List<Group> groups)
    {
        var managed = groups.Where(g => g.Active && g.Arms.Any(a => a.Managed && a.Open)).ToList();
        if (managed.Count == 0)
            return;
        WorkerResponse? r;
        try
        {
            r = _worker!.Send(new WorkerRequest(WorkerProtocol.Settle));
        }
        catch (WorkerCrashedException e)
        {
            foreach (var g in managed)
            {
                g.Fail(BenchmarkStatus.Crashed, $"the worker crashed bringing the managed kernels to tier-1 code: {e.Message}");
                foreach (var a in g.Arms)
                    a.Open = false;
            }
            Restart();
            return;
        }
        if (r.Ok && r.Settled == false)
            r = r with { Ok = false, Error = $"the JIT was still compiling after {r.SettleSeconds} s of warm-up: the samples would mix tiers" };
        if (!r.Ok)
            foreach (var g in managed)
                g.Fail(BenchmarkStatus.Failed, r.Error ?? "the managed kernels could not be warmed up");
    }

    private void OpenGroup(Group g)
    {
        Step("open", g.Id);
        foreach (var a in g.Arms.OrderBy(a => _slot[a.Lib]))
        {
            var r = Call(g, new WorkerRequest(WorkerProtocol.Open, _slot[a.Lib], a.Kernel.Index), a);
            if (r is null)
                return;
            if (!r.Ok)
            {
                g.Fail(BenchmarkStatus.Failed, $"could not open {Name(a)}: {r.Error}");
                return;
            }
            a.Open = true;
        }
        if (!_opened.Contains(g))
            _opened.Add(g);
    }

    /// <summary>Picks the loop count once, on the first arm, so every arm and launch runs the same loop.</summary>
    private void Calibrate(Group g, RunProfile profile)
    {
        if (g.Loops != 0)
            return;
        Step("calibrate", g.Id);
        var a = g.Arms[0];
        var r = Call(g, new WorkerRequest(WorkerProtocol.Sample, _slot[a.Lib], a.Kernel.Index, LoopCalibration.MinLoops, 3), a);
        if (!Succeeded(g, r, [Step(a), Step(a), Step(a)]))
            return;
        var nsPerElement = r!.Samples!.Min(x => (double)x[2] / x[0]);
        g.Loops = LoopCalibration.LoopsFor(nsPerElement, profile.SampleTargetMilliseconds * 1e6);
    }

    /// <summary>
    /// One request: <paramref name="discarded"/> then <paramref name="kept"/> tuples, each tuple one sample
    /// of every arm in a fresh random order; the kept samples go to their arms.
    /// </summary>
    private void Block(Group g, Random rng, int discarded, int kept, string phase)
    {
        Step(phase, g.Id);
        if (discarded + kept <= 0 || !g.Active)
            return;
        var steps = new List<Arm>((discarded + kept) * g.Arms.Length);
        for (var t = 0; t < discarded + kept; t++)
        {
            var tuple = g.Arms.ToArray();
            rng.Shuffle(tuple);
            steps.AddRange(tuple);
        }
        var stepArray = steps.Select(Step).ToArray();
        var r = Call(g, new WorkerRequest(WorkerProtocol.Sequence, Loops: g.Loops, Steps: stepArray));
        if (!Succeeded(g, r, stepArray))
            return;
        for (var i = discarded * g.Arms.Length; i < steps.Count; i++)
        {
            steps[i].Samples.Add(r!.Samples![i]);
            steps[i].SamplesPerLaunch[^1]++;
        }
    }

    private void CloseGroup(Group g)
    {
        Step("close", g.Id);
        foreach (var a in g.Arms.Where(a => a.Open))
        {
            var r = Call(g, new WorkerRequest(WorkerProtocol.Close, _slot[a.Lib], a.Kernel.Index), a);
            a.Open = false;
            if (r is not null && !r.Ok)
                g.Fail(BenchmarkStatus.Failed, $"closing the pool of {Name(a)}: {r.Error}");
        }
    }

    /// <summary>A refused sample fails the group; the response's partial samples say which step failed.</summary>
    private bool Succeeded(Group g, WorkerResponse? r, int[][] steps)
    {
        if (r is null)
            return false;
        if (r.Ok)
            return true;
        var failed = r.Samples?.Count ?? 0;
        var who = failed < steps.Length && _libraries.Length > 1 ? $" (in {_libraries[Array.IndexOf(_slot, steps[failed][0])]})" : "";
        g.Fail(BenchmarkStatus.Failed, r.Error + who);
        return false;
    }

    /// <summary>A sample request's step for an arm: where its library sits in the current worker, and the kernel's index.</summary>
    private int[] Step(Arm a) => [_slot[a.Lib], a.Kernel.Index];

    private void Step(string phase, string? current)
    {
        _done = Math.Min(_done + 1, _total);
        progress?.Report(new RunProgress(_done, _total, phase, current));
    }

    /// <summary>One side's result: its placements' samples, launch by launch, placement by placement within a launch.</summary>
    private BenchmarkResult ToResult(Group g, Arm[] placements, WorkerLibrary library)
    {
        var a = placements[0];
        var k = a.Kernel;
        var launches = a.SamplesPerLaunch.Count;
        var samples = new List<ulong[]>();
        var perLaunch = new int[launches];
        var perPlacement = new int[launches][];
        var layouts = new string[launches][];
        var next = new int[placements.Length];
        for (var l = 0; l < launches; l++)
        {
            perPlacement[l] = new int[placements.Length];
            layouts[l] = new string[placements.Length];
            for (var p = 0; p < placements.Length; p++)
            {
                var n = placements[p].SamplesPerLaunch[l];
                samples.AddRange(placements[p].Samples.Skip(next[p]).Take(n));
                next[p] += n;
                perLaunch[l] += n;
                perPlacement[l][p] = n;
                layouts[l][p] = Path.GetFileNameWithoutExtension(placements[p].LaunchLibraries[l]);
            }
        }
        var metrics = new Dictionary<string, MetricSeries>();
        if (samples.Count > 0)
        {
            metrics[MetricNames.Cycles] = new MetricSeries(MetricNames.CyclesUnit, a.Managed
                ? samples.Select(x => x[2] * (TimerHz / 1e9) / x[0]).ToArray()
                : samples.Select(x => (double)x[1] / x[0]).ToArray());
            metrics[MetricNames.Nanoseconds] = new MetricSeries(MetricNames.NanosecondsUnit, samples.Select(x => (double)x[2] / x[0]).ToArray());
        }
        var placed = placements.Length > 1;
        return new BenchmarkResult
        {
            Id = k.Id,
            Implementation = a.Managed ? "managed" : "native",
            Case = k.Case,
            Dispatch = k.Style,
            Provider = BenchmarkDescriptor.ProviderName(k.Provider),
            Status = g.Status,
            Error = g.Error,
            Loops = g.Loops,
            SamplesPerLaunch = perLaunch,
            SamplesPerPlacement = placed ? perPlacement : null,
            PlacementLayouts = placed && !a.Managed ? layouts : null,
            LaunchCpus = a.LaunchCpus.Count > 0 && a.LaunchCpus.All(c => c >= 0) ? a.LaunchCpus.ToArray() : null,
            Metrics = metrics,
            Runner = library.Managed is { } m ? ManagedRunner(m, g.Loops) : null,
        };
    }

    private RunnerInfo ManagedRunner(Managed.ManagedBuildInfo m, ulong loops) => new()
    {
        Name = "bench worker",
        Version = BenchRun.Tool.Version,
        Job = m.InjectCalls == 0 ? "pinned worker" : $"pinned worker, {m.InjectCalls} injected call(s) per element",
        Pgo = m.TieredPgo,
        Toolchain = $"in the worker process: {m.Assembly} (MVID {m.Mvid}) in a load context of its own per kernel",
        Environment = launch.Environment.Where(v => v.Key.StartsWith("DOTNET_", StringComparison.Ordinal)).ToDictionary(v => v.Key, v => v.Value),
        Runtime = m.Runtime,
        OperationsPerInvoke = (long)loops,
        InvocationsPerIteration = 1,
        CyclesFrom = $"{m.Timer} x {TimerHz.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} Hz (the TSC frequency the native library measured)",
    };
}
