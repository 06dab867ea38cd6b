using System.Diagnostics;

namespace Bench.Core.Running;

/// <summary>
/// Where a run's time went, phase by phase, so a user sees it without a profiler. Each phase is
/// wall time measured around what it names, in this process:
/// <list type="bullet">
/// <item><c>build</c>: building the base (or taking it from the cache);</item>
/// <item><c>probe</c>: timing each CPU before measuring;</item>
/// <item><c>start</c>: a worker process started and its libraries loaded (and copied: <see cref="LaunchCopies"/>);</item>
/// <item><c>open</c>: pools, arenas and load contexts opened;</item>
/// <item><c>settle</c>: managed kernels brought to tier-1 code;</item>
/// <item><c>calibrate</c>: the loop count chosen (once per benchmark and run), and a launch running beside the first waiting for it;</item>
/// <item><c>warm-up</c>: samples run and thrown away (the warm-up blocks, and the samples a block discards first);</item>
/// <item><c>sampling</c>: the kept samples' own timed loops, as the worker timed them;</item>
/// <item><c>requests</c>: the rest of the sampling requests (the worker's untimed work between samples, the pipe);</item>
/// <item><c>close</c>: pools drained and checked, workers ended;</item>
/// <item><c>count</c>: instructions counted under callgrind.</item>
/// </list>
/// Thread-safe: the parts of one run may add to one clock, and so may launches running at once in
/// lanes (<see cref="Worker.WorkerLaunch.Lanes"/>), whose phases then add up to lane-seconds.
/// </summary>
public sealed class PhaseClock
{
    public const string Build = "build";
    public const string Probe = "probe";
    public const string Start = "start";
    public const string Open = "open";
    public const string Settle = "settle";
    public const string Calibrate = "calibrate";
    public const string WarmUp = "warm-up";
    public const string Sampling = "sampling";
    public const string Requests = "requests";
    public const string Close = "close";
    public const string Count = "count";

    /// <summary>Every phase, in the order a run passes through them (and a results file lists them).</summary>
    public static IReadOnlyList<string> Order => OrderArray;

    private static readonly string[] OrderArray = [Build, Probe, Start, Open, Settle, Calibrate, WarmUp, Sampling, Requests, Close, Count];

    /// <summary>The phases spent measuring (all but the build).</summary>
    public static IReadOnlyList<string> Measuring { get; } = Order.Where(p => p != Build).ToArray();

    private readonly Dictionary<string, double> _seconds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(string phase, double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
            return;
        lock (_lock)
            _seconds[phase] = _seconds.GetValueOrDefault(phase) + seconds;
    }

    public void Add(IReadOnlyDictionary<string, double>? phases)
    {
        foreach (var (phase, seconds) in phases ?? new Dictionary<string, double>())
            Add(phase, seconds);
    }

    // seconds the phases timed inside the running one claimed (a worker restarted while opening is start, not open)
    [ThreadStatic] private static double t_nested;

    /// <summary>
    /// Runs <paramref name="work"/> and adds its time to <paramref name="phase"/>, less what phases timed
    /// inside it claimed, so no second of a run counts twice.
    /// </summary>
    public T Time<T>(string phase, Func<T> work)
    {
        var result = default(T)!;
        Add(phase, Own(() => result = work()));
        return result;
    }

    /// <summary>Runs <paramref name="work"/>; returns its seconds less what phases timed inside it claimed, and claims them for any phase around it.</summary>
    public static double Own(Action work)
    {
        var outer = t_nested;
        t_nested = 0;
        var watch = Stopwatch.StartNew();
        var total = 0.0;
        try
        {
            work();
        }
        finally
        {
            total = watch.Elapsed.TotalSeconds;
            var own = total - t_nested;
            t_nested = outer + total;
            total = Math.Max(0, own);
        }
        return total;
    }

    public void Time(string phase, Action work) => Time(phase, () =>
    {
        work();
        return 0;
    });

    /// <summary><paramref name="work"/> timed as <paramref name="phase"/> on <paramref name="clock"/>, or just run where there is no clock.</summary>
    public static T Run<T>(PhaseClock? clock, string phase, Func<T> work) => clock is null ? work() : clock.Time(phase, work);

    /// <summary>The phases so far in <see cref="Order"/> (any other after them), to the ms; phases not entered are left out.</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        lock (_lock)
            return Ordered(_seconds);
    }

    /// <summary>Phases in <see cref="Order"/>, rounded to the ms.</summary>
    public static IReadOnlyDictionary<string, double> Ordered(IReadOnlyDictionary<string, double> phases)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (phase, seconds) in phases.OrderBy(p => Array.IndexOf(OrderArray, p.Key) is var i and >= 0 ? i : int.MaxValue))
            result[phase] = Math.Round(seconds, 3);
        return result;
    }

    /// <summary>The sum of two sets of phases (the parts of one run).</summary>
    public static IReadOnlyDictionary<string, double>? Sum(IReadOnlyDictionary<string, double>? a, IReadOnlyDictionary<string, double>? b)
    {
        if (a is null || b is null)
            return a ?? b;
        var clock = new PhaseClock();
        clock.Add(a);
        clock.Add(b);
        return clock.Snapshot();
    }
}
