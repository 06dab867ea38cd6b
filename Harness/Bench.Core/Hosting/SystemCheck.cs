using System.Globalization;

namespace Bench.Core.Hosting;

/// <summary>One thing the machine does to measurements: what it is, and what to do about it (null: nothing).</summary>
public sealed record SystemFinding(string Check, string Value, string Status, string? Advice);

/// <summary>
/// What this machine does to measurements, in the spirit of pyperf's `system show`: CPU isolation,
/// frequency scaling, the TSC, the clock source, ASLR, huge pages, time stolen by a hypervisor,
/// load, and how fast each CPU runs right now. Pure: the files are read through a function, so
/// the tests hand it a machine of their own.
/// </summary>
public static class SystemCheck
{
    public const string Ok = "ok";
    public const string Note = "note";
    public const string Warning = "warning";

    /// <param name="read">The text of a file (/proc, /sys), or null when it does not exist.</param>
    /// <param name="stealShare">The share of CPU time a hypervisor took over a short interval (from /proc/stat); null when unknown.</param>
    public static IReadOnlyList<SystemFinding> Evaluate(Func<string, string?> read, int logicalCpus, IReadOnlyList<int> allowed,
        double? stealShare, string timerStop, string timerStopNote, string staticKey, bool valgrind, IReadOnlyList<CpuSpeed> speeds)
    {
        var f = new List<SystemFinding>();
        var flags = (read("/proc/cpuinfo") ?? "").Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        f.Add(new("CPUs", $"{logicalCpus} logical, this process may use {CpuAffinity.Format(allowed)}", Ok, null));

        var isolated = read("/sys/devices/system/cpu/isolated")?.Trim();
        f.Add(string.IsNullOrEmpty(isolated)
            ? new("isolated CPUs", "none", Note, "every CPU also runs the rest of the system; `isolcpus=` (and `nohz_full=`) on the kernel command line keeps one for measuring, then pass it with --cpus")
            : new("isolated CPUs", isolated, Ok, $"measure on them: --cpus {isolated}"));

        var governor = read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")?.Trim();
        f.Add(governor switch
        {
            null => new("frequency scaling", "no cpufreq here (in a VM the host sets the clock)", Note, "TSC ticks run at a constant rate whatever the clock: cycles(tsc) are time, not core cycles"),
            "performance" => new("frequency scaling", "governor performance", Ok, null),
            _ => new("frequency scaling", $"governor {governor}", Warning, "the clock follows the load: `cpupower frequency-set -g performance`"),
        });
        var noTurbo = read("/sys/devices/system/cpu/intel_pstate/no_turbo")?.Trim();
        var boost = read("/sys/devices/system/cpu/cpufreq/boost")?.Trim();
        if (noTurbo == "0" || boost == "1")
            f.Add(new("turbo", "on", Warning, "the clock rises and falls with temperature and load: turn it off for stable figures (`echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo`)"));

        var tsc = new[] { "constant_tsc", "nonstop_tsc" }.Where(flags.Contains).ToList();
        f.Add(new("TSC", tsc.Count == 2 ? "constant and nonstop (invariant)" : tsc.Count == 0 ? "not advertised invariant" : string.Join(", ", tsc),
            tsc.Count == 2 ? Ok : Warning, tsc.Count == 2 ? null : "TSC ticks may not be a steady clock here: read the ns column"));
        f.Add(new("timer stop", $"{timerStop} ({timerStopNote})", Ok, flags.Contains("rdtscp") || timerStop.Length == 0 ? null :
            "this CPU hides RDTSCP from CPUID: Bench stops with a fenced RDTSC, and counts with no timer at all under valgrind"));
        var clocksource = read("/sys/devices/system/clocksource/clocksource0/current_clocksource")?.Trim();
        if (clocksource is not null)
            f.Add(new("clock source", clocksource, clocksource == "tsc" ? Ok : Note, clocksource == "tsc" ? null : "the ns column reads a slower clock than the TSC"));

        var aslr = read("/proc/sys/kernel/randomize_va_space")?.Trim();
        if (aslr is not null)
            f.Add(new("ASLR", aslr == "0" ? "off" : $"on ({aslr})", Ok, aslr == "0" ? null : "placement varies per process; Bench fixes its kernels' data and stack placement, and a launch is one draw"));
        var thp = read("/sys/kernel/mm/transparent_hugepage/enabled")?.Trim();
        if (thp is not null)
            f.Add(new("transparent huge pages", thp, Ok, null));

        if (stealShare is { } steal)
            f.Add(steal > 0.01
                ? new("stolen time", Pct(steal), Warning, "a hypervisor takes this VM's CPUs away: launches and CPUs differ, which is why every verdict is built over launches")
                : new("stolen time", Pct(steal), Ok, null));
        if (read("/proc/loadavg")?.Split(' ') is [var one, ..] && double.TryParse(one, NumberStyles.Float, CultureInfo.InvariantCulture, out var load))
            f.Add(new("load (1 min)", one, load > logicalCpus * 0.5 ? Warning : Ok,
                load > logicalCpus * 0.5 ? "other work competes for the CPUs: measure when the machine is quiet" : null));
        if (read("/proc/sys/kernel/perf_event_paranoid")?.Trim() is { } paranoid)
            f.Add(new("perf counters", $"perf_event_paranoid {paranoid}", Note, "Bench does not use them: instructions come from valgrind, time from the TSC"));
        f.Add(new("valgrind", valgrind ? "present" : "missing", valgrind ? Ok : Warning, valgrind ? null : "instruction counts need it: `apt-get install valgrind`"));
        f.Add(new("static key", staticKey, staticKey == "patched-jump" ? Ok : Note, staticKey == "patched-jump" ? null : "the static-key styles load a flag here (see the results' host.staticKey)"));

        foreach (var s in speeds)
            f.Add(new($"CPU {s.Cpu} speed", string.Create(CultureInfo.InvariantCulture, $"{s.CyclesPerElement:F2} cycles(tsc)/elem on {s.Kernel}"), Ok, null));
        if (CpuProbe.Describe(speeds) is { } summary)
        {
            var unequal = speeds.Max(s => s.CyclesPerElement) / speeds.Min(s => s.CyclesPerElement) >= 1.05;
            f.Add(new("CPU speeds", summary, unequal ? Warning : Ok, unequal
                ? "the vCPUs do not run at one speed (and which is slow changes): every launch is pinned to one CPU, launches take the CPUs in turn, and a paired verdict must hold on each"
                : null));
        }
        return f;
    }

    /// <summary>The share of time stolen between two /proc/stat snapshots ("cpu user nice system idle iowait irq softirq steal ..."); null when unreadable.</summary>
    public static double? StealShare(string? before, string? after)
    {
        static long[]? Cpu(string? stat) => stat?.Split('\n').FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.TryParse(v, out var n) ? n : -1).ToArray();
        var (a, b) = (Cpu(before), Cpu(after));
        if (a is null || b is null || a.Length < 8 || b.Length < 8 || a.Concat(b).Any(v => v < 0))
            return null;
        var total = b.Take(8).Sum() - a.Take(8).Sum();
        return total <= 0 ? null : (double)(b[7] - a[7]) / total;
    }

    private static string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
