using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

// The sampling part of KernelRunner: opening a group's arms, choosing its loop count once, taking interleaved blocks of samples, closing.
public sealed partial class KernelRunner
{
    private void OpenGroup(KernelGroup g) => Timed(PhaseClock.Open, () => Opened(g));


    private void Opened(KernelGroup g)
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
    private void Calibrate(KernelGroup g, RunProfile profile)
    {
        if (g.Loops != 0)
            return;
        Timed(PhaseClock.Calibrate, () => Calibrated(g, profile));
    }

    private void Calibrated(KernelGroup g, RunProfile profile)
    {
        Step("calibrate", g.Id);
        var a = g.Arms[0];
        var r = Call(g, new WorkerRequest(WorkerProtocol.Sample, _slot[a.Lib], a.Kernel.Index, LoopCalibration.MinLoops, 3), a);
        if (!Succeeded(g, r, [Step(a), Step(a), Step(a)]))
            return;
        var nsPerElement = r!.Samples!.Min(x => x.NanosecondsPerElement);
        g.Loops = LoopCalibration.LoopsFor(nsPerElement, profile.SampleTargetMilliseconds * 1e6);
    }

    /// <summary>
    /// One request: <paramref name="discarded"/> then <paramref name="kept"/> tuples, each tuple one sample
    /// of every arm in a fresh random order; the kept samples go to their arms.
    /// </summary>
    private void Block(KernelGroup g, Random rng, int discarded, int kept, string phase)
    {
        Step(phase, g.Id);
        if (discarded + kept <= 0 || !g.Active)
            return;
        var steps = new List<KernelArm>((discarded + kept) * g.Arms.Length);
        for (var t = 0; t < discarded + kept; t++)
        {
            var tuple = g.Arms.ToArray();
            rng.Shuffle(tuple);
            steps.AddRange(tuple);
        }
        var stepArray = steps.Select(Step).ToArray();
        WorkerResponse? r = null;
        var seconds = PhaseClock.Own(() => r = Call(g, new WorkerRequest(WorkerProtocol.Sequence, Loops: g.Loops, Steps: stepArray)));
        Account(seconds, r?.Samples, discarded * g.Arms.Length);
        if (!Succeeded(g, r, stepArray))
            return;
        for (var i = discarded * g.Arms.Length; i < steps.Count; i++)
        {
            steps[i].Samples.Add(r!.Samples![i]);
            steps[i].SamplesPerLaunch[^1]++;
        }
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

    private void CloseGroup(KernelGroup g) => Timed(PhaseClock.Close, () => Closed(g));

    private void Closed(KernelGroup g)
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
    private bool Succeeded(KernelGroup g, WorkerResponse? r, int[][] steps)
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
    private int[] Step(KernelArm a) => [_slot[a.Lib], a.Kernel.Index];

    private void Step(string phase, string? current)
    {
        _done = Math.Min(_done + 1, _total);
        progress?.Report(new RunProgress(_done, _total, phase, current));
    }
}
