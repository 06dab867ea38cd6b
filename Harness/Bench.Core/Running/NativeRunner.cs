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
/// </summary>
public sealed class NativeRunner(WorkerLaunch launch, IProgress<RunProgress>? progress = null)
{
    private sealed class KernelState(NativeKernelInfo kernel)
    {
        public NativeKernelInfo Kernel { get; } = kernel;
        public ulong Loops { get; set; }
        public List<ulong[]> Samples { get; } = [];
        /// <summary>Kept samples from each worker process, in order.</summary>
        public List<int> SamplesPerLaunch { get; } = [];
        public BenchmarkStatus Status { get; set; } = BenchmarkStatus.Ok;
        public string? Error { get; set; }
        public bool Open { get; set; }
        public bool Active => Status == BenchmarkStatus.Ok;
    }

    private WorkerClient? _worker;
    private string _library = "";
    private int _done, _total;

    public NativeRunOutcome Run(string libraryPath, IReadOnlyList<string> ids, RunProfile profile, int seed)
    {
        _library = libraryPath;
        try
        {
            var build = StartWorker(out var kernels);
            var byId = kernels.ToDictionary(k => k.Id);
            var states = ids.Select(id => byId.TryGetValue(id, out var k)
                ? new KernelState(k)
                : throw BenchException.Usage($"{libraryPath} has no kernel '{id}'")).ToList();
            foreach (var s in states.Where(s => !s.Kernel.Available))
                (s.Status, s.Error) = (BenchmarkStatus.Unavailable, s.Kernel.UnavailableReason);

            var active = states.Where(s => s.Active).ToList();
            // per kernel: calibrate once, then per launch: open, warm-up, rounds, close
            _total = active.Count * (1 + profile.Launches * (3 + profile.RoundsPerLaunch));
            _done = 0;
            var rng = new Random(seed);
            for (var launch = 0; launch < profile.Launches; launch++)
            {
                if (launch > 0)
                    StartWorker(out _);
                foreach (var s in Live(active))
                    OpenSession(s);
                if (launch == 0)
                    foreach (var s in Live(active))
                        Calibrate(s, profile);
                foreach (var s in Live(active))
                    Take(s, profile.WarmupSamples, keepFrom: int.MaxValue, "warm-up");
                foreach (var s in Live(active))
                    s.SamplesPerLaunch.Add(0);
                for (var round = 0; round < profile.RoundsPerLaunch; round++)
                {
                    var order = Live(active).ToArray();
                    rng.Shuffle(order);
                    foreach (var s in order)
                        Take(s, profile.DiscardedPerBlock + profile.SamplesPerBlock, profile.DiscardedPerBlock,
                            $"launch {launch + 1}/{profile.Launches}, round {round + 1}/{profile.RoundsPerLaunch}");
                }
                foreach (var s in Live(active))
                    CloseSession(s);
            }
            progress?.Report(new RunProgress(_total, _total, "done", null));
            return new NativeRunOutcome(build, states.Select(ToResult).ToList());
        }
        finally
        {
            _worker?.Dispose();
            _worker = null;
        }
    }

    private static IEnumerable<KernelState> Live(List<KernelState> states) => states.Where(s => s.Active).ToList();

    private NativeBuildInfo StartWorker(out IReadOnlyList<NativeKernelInfo> kernels)
    {
        _worker?.Dispose();
        _worker = WorkerClient.Start(launch, _library);
        WorkerResponse hello;
        try
        {
            hello = _worker.Send(new WorkerRequest(WorkerProtocol.Hello));
        }
        catch (WorkerCrashedException e)
        {
            throw BenchException.Environment($"the worker could not load {_library}: {e.Message}");
        }
        if (!hello.Ok || hello.Build is null || hello.Kernels is null)
            throw BenchException.Environment($"the worker could not load {_library}: {hello.Error}");
        kernels = hello.Kernels;
        return hello.Build;
    }

    /// <summary>Sends a request for one kernel; on a crash marks it, restarts the worker and reopens the others.</summary>
    private WorkerResponse? Call(KernelState s, WorkerRequest request)
    {
        try
        {
            return _worker!.Send(request);
        }
        catch (WorkerCrashedException e)
        {
            (s.Status, s.Error) = (BenchmarkStatus.Crashed, $"the worker crashed running {s.Kernel.Id}: {e.Message}");
            s.Open = false;
            Restart();
            return null;
        }
    }

    private readonly List<KernelState> _opened = [];

    private void Restart()
    {
        StartWorker(out _);
        var survivors = _opened.Where(o => o.Open && o.Active).ToList();
        foreach (var o in survivors)
            o.Open = false;
        foreach (var o in survivors)
            OpenSession(o);
    }

    private void OpenSession(KernelState s)
    {
        Step("open", s.Kernel.Id);
        var r = Call(s, new WorkerRequest(WorkerProtocol.Open, s.Kernel.Index));
        if (r is null)
            return;
        if (!r.Ok)
        {
            (s.Status, s.Error) = (BenchmarkStatus.Failed, $"could not open: {r.Error}");
            return;
        }
        s.Open = true;
        if (!_opened.Contains(s))
            _opened.Add(s);
    }

    private void Calibrate(KernelState s, RunProfile profile)
    {
        Step("calibrate", s.Kernel.Id);
        var r = Call(s, new WorkerRequest(WorkerProtocol.Sample, s.Kernel.Index, LoopCalibration.MinLoops, 3));
        if (!Succeeded(s, r))
            return;
        var nsPerElement = r!.Samples!.Min(x => (double)x[2] / x[0]);
        s.Loops = LoopCalibration.LoopsFor(nsPerElement, profile.SampleTargetMilliseconds * 1e6);
    }

    /// <summary>Runs <paramref name="count"/> samples in one request and keeps those from index <paramref name="keepFrom"/> on.</summary>
    private void Take(KernelState s, int count, int keepFrom, string phase)
    {
        Step(phase, s.Kernel.Id);
        if (count <= 0 || !s.Active)
            return;
        var r = Call(s, new WorkerRequest(WorkerProtocol.Sample, s.Kernel.Index, s.Loops, count));
        if (!Succeeded(s, r))
            return;
        var kept = r!.Samples!.Skip(keepFrom).ToList();
        s.Samples.AddRange(kept);
        if (kept.Count > 0)
            s.SamplesPerLaunch[^1] += kept.Count;
    }

    private void CloseSession(KernelState s)
    {
        Step("close", s.Kernel.Id);
        var r = Call(s, new WorkerRequest(WorkerProtocol.Close, s.Kernel.Index));
        s.Open = false;
        if (r is not null && !r.Ok)
            (s.Status, s.Error) = (BenchmarkStatus.Failed, $"closing the pool: {r.Error}");
    }

    private static bool Succeeded(KernelState s, WorkerResponse? r)
    {
        if (r is null)
            return false;
        if (r.Ok)
            return true;
        (s.Status, s.Error) = (BenchmarkStatus.Failed, r.Error);
        return false;
    }

    private void Step(string phase, string? current)
    {
        _done = Math.Min(_done + 1, _total);
        progress?.Report(new RunProgress(_done, _total, phase, current));
    }

    private static BenchmarkResult ToResult(KernelState s)
    {
        var k = s.Kernel;
        var metrics = new Dictionary<string, MetricSeries>();
        if (s.Samples.Count > 0)
        {
            metrics[MetricNames.Cycles] = new MetricSeries(MetricNames.CyclesUnit, s.Samples.Select(x => (double)x[1] / x[0]).ToArray());
            metrics[MetricNames.Nanoseconds] = new MetricSeries(MetricNames.NanosecondsUnit, s.Samples.Select(x => (double)x[2] / x[0]).ToArray());
        }
        return new BenchmarkResult
        {
            Id = k.Id,
            Implementation = "native",
            Case = k.Case,
            Dispatch = k.Style,
            Provider = BenchmarkDescriptor.ProviderName(k.Provider),
            Status = s.Status,
            Error = s.Error,
            Loops = s.Loops,
            SamplesPerLaunch = s.SamplesPerLaunch.ToArray(),
            Metrics = metrics,
        };
    }
}
