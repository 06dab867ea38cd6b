using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

// The sampling part of KernelRunner: opening a group's arms, choosing its loop count once, taking interleaved blocks of samples, closing.
public sealed partial class KernelRunner
{
    private void OpenGroup(LaunchState l, KernelGroup g) => Timed(PhaseClock.Open, () => Opened(l, g));

    private void Opened(LaunchState l, KernelGroup g)
    {
        Step("open", g.Id);
        foreach (var a in g.Arms.OrderBy(a => l.Slot[a.Lib]))
        {
            var r = Call(l, g, new WorkerRequest(WorkerProtocol.Open, l.Slot[a.Lib], a.Kernel.Index), a);
            if (r is null)
                return;
            if (!r.Ok)
            {
                g.Fail(BenchmarkStatus.Failed, $"could not open {Name(l, a)}: {r.Error}");
                return;
            }
            l.Open.Add(a);
        }
        if (!l.Opened.Contains(g))
            l.Opened.Add(g);
    }

    /// <summary>Picks the loop count once, on the first arm, so every arm and launch runs the same loop.</summary>
    private void Calibrate(LaunchState l, KernelGroup g, RunProfile profile)
    {
        if (g.Loops != 0)
            return;
        Timed(PhaseClock.Calibrate, () => Calibrated(l, g, profile));
    }

    private void Calibrated(LaunchState l, KernelGroup g, RunProfile profile)
    {
        Step("calibrate", g.Id);
        var a = g.Arms[0];
        var r = Call(l, g, new WorkerRequest(WorkerProtocol.Sample, l.Slot[a.Lib], a.Kernel.Index, LoopCalibration.MinLoops, 3), a);
        if (!Succeeded(l, g, r, [Step(l, a), Step(l, a), Step(l, a)]))
            return;
        var nsPerElement = r!.Samples!.Min(x => x.NanosecondsPerElement);
        g.Loops = LoopCalibration.LoopsFor(nsPerElement, profile.SampleTargetMilliseconds * 1e6);
    }

    /// <summary>
    /// One request: <paramref name="discarded"/> then <paramref name="kept"/> tuples, each tuple one sample
    /// of every arm in a fresh random order; the kept samples go to their arms.
    /// </summary>
    private void Block(LaunchState l, KernelGroup g, int discarded, int kept, string phase)
    {
        Step(phase, g.Id);
        if (discarded + kept <= 0 || !g.Active)
            return;
        var steps = new List<KernelArm>((discarded + kept) * g.Arms.Length);
        for (var t = 0; t < discarded + kept; t++)
        {
            var tuple = g.Arms.ToArray();
            l.Rng.Shuffle(tuple);
            steps.AddRange(tuple);
        }
        var stepArray = steps.Select(a => Step(l, a)).ToArray();
        WorkerResponse? r = null;
        var seconds = PhaseClock.Own(() => r = Call(l, g, new WorkerRequest(WorkerProtocol.Sequence, Loops: g.Loops, Steps: stepArray)));
        Account(seconds, r?.Samples, discarded * g.Arms.Length);
        if (!Succeeded(l, g, r, stepArray))
            return;
        for (var i = discarded * g.Arms.Length; i < steps.Count; i++)
            l.Kept[steps[i]].Add(r!.Samples![i]);
    }

    /// <summary>
    /// A block's time into its phases: the kept samples' own loops are sampling, the discarded
    /// ones (and a warm-up block whole) warm-up, the rest of the request requests.
    /// </summary>
    private void Account(double seconds, IReadOnlyList<TimedSample>? samples, int discarded)
    {
        if (Clock is null)
            return;
        var (thrown, kept) = (0.0, 0.0);
        for (var i = 0; i < (samples?.Count ?? 0); i++)
            if (i < discarded)
                thrown += samples![i].Nanoseconds / 1e9;
            else
                kept += samples![i].Nanoseconds / 1e9;
        if (kept == 0)
        {
            Clock.Add(PhaseClock.WarmUp, seconds);
            return;
        }
        Clock.Add(PhaseClock.WarmUp, thrown);
        Clock.Add(PhaseClock.Sampling, kept);
        Clock.Add(PhaseClock.Requests, Math.Max(0, seconds - thrown - kept));
    }

    private void CloseGroup(LaunchState l, KernelGroup g) => Timed(PhaseClock.Close, () => Closed(l, g));

    private void Closed(LaunchState l, KernelGroup g)
    {
        Step("close", g.Id);
        foreach (var a in g.Arms.Where(l.Open.Contains).ToList())
        {
            var r = Call(l, g, new WorkerRequest(WorkerProtocol.Close, l.Slot[a.Lib], a.Kernel.Index), a);
            l.Open.Remove(a);
            if (r is not null && !r.Ok)
                g.Fail(BenchmarkStatus.Failed, $"closing the pool of {Name(l, a)}: {r.Error}");
        }
    }

    /// <summary>A refused sample fails the group; the response's partial samples say which step failed.</summary>
    private static bool Succeeded(LaunchState l, KernelGroup g, WorkerResponse? r, int[][] steps)
    {
        if (r is null)
            return false;
        if (r.Ok)
            return true;
        var failed = r.Samples?.Count ?? 0;
        var who = failed < steps.Length && l.Libraries.Length > 1 ? $" (in {l.Libraries[Array.IndexOf(l.Slot, steps[failed][0])]})" : "";
        g.Fail(BenchmarkStatus.Failed, r.Error + who);
        return false;
    }

    /// <summary>A sample request's step for an arm: where its library sits in the current worker, and the kernel's index.</summary>
    private static int[] Step(LaunchState l, KernelArm a) => [l.Slot[a.Lib], a.Kernel.Index];

    private void Step(string phase, string? current)
    {
        if (progress is null)
            return;
        lock (_lock)
        {
            _done = Math.Min(_done + 1, _total);
            progress.Report(new RunProgress(_done, _total, phase, current));
        }
    }
}
