using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

// The sampling part of KernelRunner: opening a group's arms, choosing its loop count once, taking interleaved blocks of samples, closing.
public sealed partial class KernelRunner
{
    private void OpenGroup(KernelGroup g)
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
        var r = Call(g, new WorkerRequest(WorkerProtocol.Sequence, Loops: g.Loops, Steps: stepArray));
        if (!Succeeded(g, r, stepArray))
            return;
        for (var i = discarded * g.Arms.Length; i < steps.Count; i++)
        {
            steps[i].Samples.Add(r!.Samples![i]);
            steps[i].SamplesPerLaunch[^1]++;
        }
    }

    private void CloseGroup(KernelGroup g)
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
