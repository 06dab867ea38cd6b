using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

// The worker's part of KernelRunner: starting a launch's worker on its CPU, calling it, replacing it when it dies, and bringing managed kernels to tier-1 code.
public sealed partial class KernelRunner
{
    private IReadOnlyList<WorkerLibrary> StartWorker()
    {
        Timed(PhaseClock.Close, () => _worker?.Dispose());
        _worker = null;
        IReadOnlyList<WorkerLibrary> started = [];
        Timed(PhaseClock.Start, () => started = Started());
        return started;
    }

    private IReadOnlyList<WorkerLibrary> Started()
    {
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

    private string Name(KernelArm a) => _libraries.Length == 1 ? a.Kernel.Id : $"{a.Kernel.Id} from {_libraries[a.Lib]}";

    /// <summary>Sends a request for one group; on a crash marks it, restarts the worker and reopens the others.</summary>
    private WorkerResponse? Call(KernelGroup g, WorkerRequest request, KernelArm? arm = null)
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

    private readonly List<KernelGroup> _opened = [];

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
    private void Settle(List<KernelGroup> groups) => Timed(PhaseClock.Settle, () => Settled(groups));

    private void Settled(List<KernelGroup> groups)
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
}
