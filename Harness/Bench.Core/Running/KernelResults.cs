using Bench.Core.Results;
using Bench.Core.Running.Worker;

namespace Bench.Core.Running;

/// <summary>What a run's samples become: one side's samples of a benchmark, launch by launch and placement by placement, as a <see cref="BenchmarkResult"/>.</summary>
internal static class KernelResults
{
    /// <summary>
    /// One side's result: its placements' samples, launch by launch, placement by placement within a
    /// launch. <paramref name="timerHz"/> converts a managed sample's ns to cycles(tsc);
    /// <paramref name="environment"/> is the workers' (its DOTNET_ variables are recorded with a managed result).
    /// </summary>
    public static BenchmarkResult Of(KernelGroup g, KernelArm[] placements, WorkerLibrary library, double timerHz, IReadOnlyDictionary<string, string> environment)
    {
        var a = placements[0];
        var k = a.Kernel;
        var launches = a.SamplesPerLaunch.Count;
        var samples = new List<TimedSample>();
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
                ? samples.Select(x => x.CyclesPerElementAt(timerHz)).ToArray()
                : samples.Select(x => x.TicksPerElement).ToArray());
            metrics[MetricNames.Nanoseconds] = new MetricSeries(MetricNames.NanosecondsUnit, samples.Select(x => x.NanosecondsPerElement).ToArray());
        }
        var placed = placements.Length > 1;
        return BenchmarkResult.Of(k, a.Managed ? "managed" : "native", g.Status, metrics) with
        {
            Error = g.Error,
            Loops = g.Loops,
            Family = g.Family ? g.Id : null,
            SamplesPerLaunch = perLaunch,
            SamplesPerPlacement = placed ? perPlacement : null,
            PlacementLayouts = placed && !a.Managed ? layouts : null,
            LaunchCpus = a.LaunchCpus.Count > 0 && a.LaunchCpus.All(c => c >= 0) ? a.LaunchCpus.ToArray() : null,
            Runner = library.Managed is { } m ? ManagedRunner(m, g.Loops, timerHz, environment) : null,
        };
    }

    private static RunnerInfo ManagedRunner(Managed.ManagedBuildInfo m, ulong loops, double timerHz, IReadOnlyDictionary<string, string> environment) => new()
    {
        Name = "bench worker",
        Version = BenchRun.Tool.Version,
        Job = m.InjectCalls == 0 ? "pinned worker" : $"pinned worker, {m.InjectCalls} injected call(s) per element",
        Pgo = m.TieredPgo,
        Toolchain = $"in the worker process: {m.Assembly} (MVID {m.Mvid}) in a load context of its own per kernel",
        Environment = environment.Where(v => v.Key.StartsWith("DOTNET_", StringComparison.Ordinal)).ToDictionary(v => v.Key, v => v.Value),
        Runtime = m.Runtime,
        OperationsPerInvoke = (long)loops,
        InvocationsPerIteration = 1,
        CyclesFrom = $"{m.Timer} x {timerHz.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} Hz (the TSC frequency the native library measured)",
    };
}
