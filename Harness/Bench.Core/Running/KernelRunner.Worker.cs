using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

// The worker's part of KernelRunner: starting a launch's worker on its CPU, calling it, replacing it when it dies, and bringing managed kernels to tier-1 code.
public sealed partial class KernelRunner
{
    private IReadOnlyList<WorkerLibrary> StartWorker(LaunchState l)
    {
        var old = l.Worker;
        l.Worker = null;
        if (old is not null)
            Timed(PhaseClock.Close, old.Dispose);
        IReadOnlyList<WorkerLibrary> started = [];
        Timed(PhaseClock.Start, () => started = Started(l));
        return started;
    }

    private IReadOnlyList<WorkerLibrary> Started(LaunchState l)
    {
        l.Copies?.Dispose();
        l.Copies = new LaunchCopies();
        var inWorkerOrder = new string[l.Libraries.Length];
        for (var lib = 0; lib < l.Libraries.Length; lib++)
            inWorkerOrder[l.Slot[lib]] = l.Copies.Of(l.Libraries[lib], l.Slot[lib]);
        WorkerLaunch how;
        lock (_lock)
            how = _launch ?? launch;
        l.Worker = WorkerClient.Start(how, inWorkerOrder, l.Cpu, wholeProcess: launch.EffectiveLanes > 1);
        var what = string.Join(", ", l.Libraries);
        WorkerResponse hello;
        try
        {
            hello = l.Worker.Send(new WorkerRequest(WorkerProtocol.Hello));
        }
        catch (WorkerCrashedException e)
        {
            throw BenchException.Environment($"the worker could not load {what}: {e.Message}");
        }
        if (!hello.Ok || hello.Libraries is null || hello.Libraries.Count != l.Libraries.Length)
            throw BenchException.Environment($"the worker could not load {what}: {hello.Error}");
        if (l.Cpu is { } pinned && hello.Cpu != pinned)
            throw BenchException.Environment($"the worker was to measure on CPU {pinned} but runs on CPU {hello.Cpu}: pinning did not hold.");
        // the next workers take the rate this one's libraries calibrated (50 ms a library, most of a worker's start)
        if (hello.Libraries.Select(lib => lib.Build?.TimerHz ?? 0).FirstOrDefault(hz => hz > 0) is var hz and > 0
            && !launch.Environment.ContainsKey(TimerHzVariable))
            lock (_lock)
                _launch ??= launch with
                {
                    Environment = new Dictionary<string, string>(launch.Environment)
                        { [TimerHzVariable] = Math.Round(hz).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) },
                };
        // only a pinned launch has a CPU of its own; an unpinned one may have moved since
        l.WorkerCpu = l.Cpu is null ? -1 : hello.Cpu;
        return l.Slot.Select(slot => hello.Libraries[slot]).ToList();
    }

    private static string Name(LaunchState l, KernelArm a) => l.Libraries.Length == 1 ? a.Kernel.Id : $"{a.Kernel.Id} from {l.Libraries[a.Lib]}";

    /// <summary>Sends a request for one group; on a crash marks it, restarts the worker and reopens the others.</summary>
    private WorkerResponse? Call(LaunchState l, KernelGroup g, WorkerRequest request, KernelArm? arm = null)
    {
        try
        {
            return l.Worker!.Send(request);
        }
        catch (WorkerCrashedException e)
        {
            var who = arm is null ? g.Id : Name(l, arm);
            g.Fail(BenchmarkStatus.Crashed, $"the worker crashed running {who}: {e.Message}");
            foreach (var a in g.Arms)
                l.Open.Remove(a);
            Restart(l);
            return null;
        }
    }

    private void Restart(LaunchState l)
    {
        StartWorker(l);
        var survivors = l.Opened.Where(g => g.Active && g.Arms.Any(l.Open.Contains)).ToList();
        l.Open.Clear();
        foreach (var g in survivors)
            OpenGroup(l, g);
        Settle(l, survivors);
    }

    /// <summary>
    /// Brings the managed kernels the worker has open to tier-1 code, all at once (the JIT's quiet
    /// is the process's): a worker that does not settle fails every managed group it has open.
    /// </summary>
    private void Settle(LaunchState l, List<KernelGroup> groups) => Timed(PhaseClock.Settle, () => Settled(l, groups));

    private void Settled(LaunchState l, List<KernelGroup> groups)
    {
        var managed = groups.Where(g => g.Active && g.Arms.Any(a => a.Managed && l.Open.Contains(a))).ToList();
        if (managed.Count == 0)
            return;
        WorkerResponse? r;
        try
        {
            r = l.Worker!.Send(new WorkerRequest(WorkerProtocol.Settle));
        }
        catch (WorkerCrashedException e)
        {
            foreach (var g in managed)
            {
                g.Fail(BenchmarkStatus.Crashed, $"the worker crashed bringing the managed kernels to tier-1 code: {e.Message}");
                foreach (var a in g.Arms)
                    l.Open.Remove(a);
            }
            Restart(l);
            return;
        }
        if (r.Ok && r.Settled == false)
            r = r with { Ok = false, Error = $"the JIT was still compiling after {r.SettleSeconds} s of warm-up: the samples would mix tiers" };
        if (!r.Ok)
            foreach (var g in managed)
                g.Fail(BenchmarkStatus.Failed, r.Error ?? "the managed kernels could not be warmed up");
    }
}
