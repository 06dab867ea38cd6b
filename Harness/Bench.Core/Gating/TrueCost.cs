using System.Globalization;
using System.Text.RegularExpressions;
using Bench.Core.Statistics;

namespace Bench.Core.Gating;

/// <summary>What an injected regression costs one kernel on one CPU, in cycles(tsc) per element, from the pinned driver.</summary>
public sealed record TrueCostEntry(string Injection, string Id, int Cpu, double Real, double Injected)
{
    public double Cost => Injected - Real;
}

/// <summary>
/// Measures what an injection really costs, with the standalone driver pinned to each CPU in
/// turn (`--cpu`), the real and the injected library alternating: per CPU and kernel, the median
/// over the alternations of each run's median. Independent of the harness whose power it grades.
/// </summary>
public static partial class TrueCost
{
    [GeneratedRegex(@"^Type:(?<id>\S+) Per elem: (?<c>[0-9.]+) cycles\(tsc\)")]
    private static partial Regex Line();

    public static IReadOnlyList<TrueCostEntry> Measure(string realLibrary, IReadOnlyDictionary<string, string> injected, IReadOnlyList<string> ids,
        IReadOnlyList<int> cpus, int alternations = 3, ulong loops = 200_000)
    {
        var driver = Counting.BenchCount.DriverFor(realLibrary);
        if (!File.Exists(driver))
            throw BenchException.Environment($"the standalone driver {driver} is missing: build with `dotnet build -c Release`.");
        var entries = new List<TrueCostEntry>();
        foreach (var (name, library) in injected)
        {
            foreach (var cpu in cpus)
            {
                var real = new Dictionary<string, List<double>>();
                var inj = new Dictionary<string, List<double>>();
                for (var a = 0; a < alternations; a++)
                {
                    Collect(Run(driver, realLibrary, ids, cpu, loops), real);
                    Collect(Run(driver, library, ids, cpu, loops), inj);
                }
                foreach (var id in ids.Where(i => real.ContainsKey(i) && inj.ContainsKey(i)))
                    entries.Add(new TrueCostEntry(name, id, cpu, SampleSummary.Of(real[id]).Median, SampleSummary.Of(inj[id]).Median));
            }
        }
        return entries;
    }

    /// <summary>Each kernel's median of five timed runs (after two warm-ups), per line of the driver.</summary>
    private static Dictionary<string, double> Run(string driver, string library, IReadOnlyList<string> ids, int cpu, ulong loops)
    {
        var medians = new Dictionary<string, double>();
        foreach (var id in ids)
        {
            var r = IO.ToolProcess.Run(driver, ["--cpu", cpu.ToString(CultureInfo.InvariantCulture), "--library", library, "--filter", id,
                "--loops", loops.ToString(CultureInfo.InvariantCulture), "--repeat", "5", "--warmup", "2"], Environment.CurrentDirectory,
                "dotnet build -c Release");
            if (r.ExitCode != 0)
                throw BenchException.Environment($"the driver could not measure {id} on CPU {cpu} with {library} (exit {r.ExitCode}): {r.Stderr.Trim()}");
            var values = r.Stdout.Split('\n').Select(l => Line().Match(l)).Where(m => m.Success)
                .Select(m => double.Parse(m.Groups["c"].Value, CultureInfo.InvariantCulture)).ToList();
            if (values.Count > 0)
                medians[id] = SampleSummary.Of(values).Median;
        }
        return medians;
    }

    private static void Collect(Dictionary<string, double> run, Dictionary<string, List<double>> into)
    {
        foreach (var (id, v) in run)
        {
            if (!into.TryGetValue(id, out var list))
                into[id] = list = [];
            list.Add(v);
        }
    }

    /// <summary>One kernel's cost: the median over the CPUs it was measured on.</summary>
    public static IReadOnlyDictionary<(string Injection, string Id), double> PerKernel(IReadOnlyList<TrueCostEntry> entries) =>
        entries.GroupBy(e => (e.Injection, e.Id)).ToDictionary(g => g.Key, g => SampleSummary.Of(g.Select(e => e.Cost).ToList()).Median);
}
