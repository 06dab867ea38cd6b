using System.Globalization;
using System.Text.RegularExpressions;
using Bench.Core.Statistics;

namespace Bench.Core.Gating;

/// <summary>
/// What an injected regression costs one kernel on one CPU, in cycles(tsc) per element, as the
/// pinned driver printed it: each library's median, and the median of the paired differences
/// (<see cref="Cost"/>, which is not the difference of the two medians).
/// </summary>
public sealed record TrueCostEntry(string Injection, string Id, int Cpu, double Real, double Injected, double Cost);

/// <summary>
/// Measures what an injection really costs with the standalone driver, independent of the harness
/// whose power it grades: pinned to each CPU in turn (`--cpu`), the driver loads the real and the
/// injected library into one process (`--against`) and runs each kernel from both, taking turns
/// run by run in a random order; the cost is the median of the paired differences. Separate
/// processes would not do: on this project's VM a process's placement alone moves dispatch by
/// several cycles, far more than the change being measured.
/// </summary>
public static partial class TrueCost
{
    [GeneratedRegex(@"^Type:(?<id>\S+) against: (?<a>[0-9.]+) -> (?<b>[0-9.]+) cycles\(tsc\) per elem, paired median difference (?<d>[-+0-9.]+)")]
    private static partial Regex Line();

    public static IReadOnlyList<TrueCostEntry> Measure(string realLibrary, IReadOnlyDictionary<string, string> injected, IReadOnlyList<string> ids,
        IReadOnlyList<int> cpus, int pairs = 21, ulong loops = 100_000)
    {
        var driver = Counting.BenchCount.DriverFor(realLibrary);
        if (!File.Exists(driver))
            throw BenchException.Environment($"the standalone driver {driver} is missing: build with `dotnet build -c Release`.");
        var entries = new List<TrueCostEntry>();
        foreach (var (name, library) in injected)
            foreach (var cpu in cpus)
                foreach (var id in ids)
                {
                    var r = IO.ToolProcess.Run(driver, ["--cpu", cpu.ToString(CultureInfo.InvariantCulture), "--library", realLibrary, "--against", library,
                        "--filter", id, "--loops", loops.ToString(CultureInfo.InvariantCulture), "--repeat", pairs.ToString(CultureInfo.InvariantCulture),
                        "--warmup", "3"], Environment.CurrentDirectory, "dotnet build -c Release");
                    if (r.ExitCode != 0)
                        throw BenchException.Environment($"the driver could not measure {id} on CPU {cpu} against {library} (exit {r.ExitCode}): {r.Stderr.Trim()}");
                    foreach (var m in r.Stdout.Split('\n').Select(l => Line().Match(l)).Where(m => m.Success))
                    {
                        double Figure(string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
                        entries.Add(new TrueCostEntry(name, m.Groups["id"].Value, cpu, Figure("a"), Figure("b"), Figure("d")));
                    }
                }
        return entries;
    }

    /// <summary>
    /// What an injection costs the managed twins, per kernel and CPU: the real and the injected
    /// build in one worker pinned to that CPU (each kernel of each in a load context of its own),
    /// taking turns sample by sample over <paramref name="launches"/> launches; the cost is the
    /// median of the paired differences. The same pairing as `bench ab`, but a measurement of its
    /// own, longer, and apart from the trials it grades.
    /// </summary>
    public static IReadOnlyList<TrueCostEntry> MeasureManaged(string injection, Running.Managed.ManagedKernelSpec real, Running.Managed.ManagedKernelSpec injected,
        IReadOnlyList<string> ids, IReadOnlyList<int> cpus, Running.Worker.WorkerLaunch launch, double timerHz, int seed, int launches = 3)
    {
        var entries = new List<TrueCostEntry>();
        if (ids.Count == 0)
            return entries;
        var profile = new Running.RunProfile("true-cost", launches, 2, 10, 5, 1, 0.25) { ManagedLaunches = launches };
        foreach (var cpu in cpus.Count > 0 ? cpus.Select(c => (int?)c) : [null])
        {
            var pinned = launch with { Cpus = cpu is { } c ? [c] : null };
            var arms = Running.Managed.ManagedRuns.Run([real, injected], ids, profile, seed, pinned, timerHz, null);
            for (var i = 0; i < ids.Count; i++)
            {
                var (b, h) = (arms[0][i], arms[1][i]);
                if (b.Status != Results.BenchmarkStatus.Ok || h.Status != Results.BenchmarkStatus.Ok)
                    throw BenchException.Environment($"the true cost of {injection} on {ids[i]} could not be measured: {b.Error ?? h.Error}");
                var (bc, hc) = (b.Metrics[Results.MetricNames.Cycles].Samples, h.Metrics[Results.MetricNames.Cycles].Samples);
                var diffs = bc.Zip(hc, (x, y) => y - x).ToList();
                entries.Add(new TrueCostEntry(injection, ids[i], cpu ?? -1, SampleSummary.Of(bc).Median, SampleSummary.Of(hc).Median,
                    SampleSummary.Of(diffs).Median));
            }
        }
        return entries;
    }

    /// <summary>One kernel's cost: the median over the CPUs it was measured on.</summary>
    public static IReadOnlyDictionary<(string Injection, string Id), double> PerKernel(IReadOnlyList<TrueCostEntry> entries) =>
        entries.GroupBy(e => (e.Injection, e.Id)).ToDictionary(g => g.Key, g => SampleSummary.Of(g.Select(e => e.Cost).ToList()).Median);
}
