using System.Globalization;
using Bench.Core.Results;
using Bench.Core.Running;
using Bench.Core.Running.Worker;

namespace Bench.Core.Hosting;

/// <summary>How fast one CPU ran the probe kernel just before a run: the median of its samples.</summary>
public sealed record CpuSpeed(int Cpu, string Kernel, double CyclesPerElement, int Samples);

/// <summary>
/// A short speed check of every CPU a run will measure on: a worker pinned to each runs the probe
/// kernel (the suite's manifest names it; Bench's own names the dispatch loop, on this project's VM
/// the most sensitive to which vCPU it is on, 12.3 against 22.1 cycles(tsc)) for 20 samples of about 0.25 ms. The result goes into the
/// results file and the report ("CPU 1 ran 1.40x slower than CPU 0"); a paired verdict must hold
/// on every CPU, so it tells a reader why launches differ.
/// </summary>
public static class CpuProbe
{
    private static readonly RunProfile Profile = new("probe", Launches: 1, WarmupSamples: 2, RoundsPerLaunch: 4, SamplesPerBlock: 5,
        DiscardedPerBlock: 1, SampleTargetMilliseconds: 0.25);

    /// <summary>The kernel the probe runs: <paramref name="named"/> (the suite's "probe") if the library has it available, else its first available kernel; null: none.</summary>
    public static string? KernelOf(IReadOnlyList<Bench.Suite.Host.KernelInfo> kernels, string? named) =>
        named is not null ? kernels.FirstOrDefault(k => k.Id == named && k.Available)?.Id : kernels.FirstOrDefault(k => k.Available)?.Id;

    /// <summary>One speed per CPU of <paramref name="launch"/> (none when unpinned, or when the library lacks the suite's probe kernel).</summary>
    public static IReadOnlyList<CpuSpeed> Measure(string library, WorkerLaunch launch, int seed = 1)
    {
        if (launch.Cpus is not { Count: > 0 } cpus || KernelOf(NativeLibraries.Load(library).Kernels, Suites.Suite.Current.Probe) is not { } kernel)
            return [];
        var speeds = new List<CpuSpeed>();
        foreach (var cpu in cpus)
        {
            var r = new KernelRunner(launch with { Cpus = [cpu] }).Run(library, [kernel], Profile, seed).Results.Single();
            if (r.Status == BenchmarkStatus.Ok && r.Metrics.TryGetValue(MetricNames.Cycles, out var m) && m.Samples.Count > 0)
                speeds.Add(new CpuSpeed(cpu, kernel, Statistics.SampleSummary.Of(m.Samples).Median, m.Samples.Count));
        }
        return speeds;
    }

    /// <summary>"CPU 1 ran 1.40x slower than CPU 0 (22.10 against 15.80 cycles(tsc)/elem on native/dispatch/ops/provider-off)"; null for fewer than two.</summary>
    public static string? Describe(IReadOnlyList<CpuSpeed>? speeds)
    {
        if (speeds is not { Count: >= 2 })
            return null;
        var fast = speeds.MinBy(s => s.CyclesPerElement)!;
        var slow = speeds.MaxBy(s => s.CyclesPerElement)!;
        var ratio = slow.CyclesPerElement / fast.CyclesPerElement;
        return ratio < 1.05
            ? string.Create(CultureInfo.InvariantCulture, $"CPUs {string.Join(", ", speeds.Select(s => s.Cpu))} ran at one speed (within 5 %) just before this run ({fast.CyclesPerElement:F2} cycles(tsc)/elem on {fast.Kernel})")
            : string.Create(CultureInfo.InvariantCulture, $"CPU {slow.Cpu} ran {ratio:F2}x slower than CPU {fast.Cpu} just before this run ({slow.CyclesPerElement:F2} against {fast.CyclesPerElement:F2} cycles(tsc)/elem on {fast.Kernel})");
    }
}
