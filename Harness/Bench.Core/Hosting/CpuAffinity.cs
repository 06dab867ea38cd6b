using System.Globalization;
using System.Runtime.InteropServices;

namespace Bench.Core.Hosting;

/// <summary>
/// Which CPUs a thread may run on (Linux sched_getaffinity / sched_setaffinity). On a shared VM the
/// vCPUs do not run at one speed (1.4 to 1.8x apart here, changing within minutes), so a measuring
/// thread that may move between them measures a mix: every worker pins its measuring thread to one
/// CPU, and the process that drives it keeps off that CPU.
/// </summary>
public static partial class CpuAffinity
{
    private const int MaskWords = 16; // 1024 CPUs

    [LibraryImport("libc", SetLastError = true, EntryPoint = "sched_getaffinity")]
    private static partial int SchedGetAffinity(int pid, nint size, [Out] ulong[] mask);

    [LibraryImport("libc", SetLastError = true, EntryPoint = "sched_setaffinity")]
    private static partial int SchedSetAffinity(int pid, nint size, ulong[] mask);

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();

    /// <summary>The CPUs this thread may run on (what taskset or a cgroup allowed), ascending; all logical CPUs where it cannot be read.</summary>
    public static IReadOnlyList<int> Allowed()
    {
        if (!OperatingSystem.IsLinux())
            return Enumerable.Range(0, Environment.ProcessorCount).ToList();
        var mask = new ulong[MaskWords];
        if (SchedGetAffinity(0, MaskWords * sizeof(ulong), mask) != 0)
            return Enumerable.Range(0, Environment.ProcessorCount).ToList();
        return Enumerable.Range(0, MaskWords * 64).Where(c => (mask[c / 64] & (1UL << (c % 64))) != 0).ToList();
    }

    /// <summary>
    /// The CPUs this process was given when it started (taskset, a cgroup), read before any runner
    /// narrowed the driving process: what it gets back after a run.
    /// </summary>
    public static IReadOnlyList<int> AtStart { get; private set; } = [];

    // At load, before any code of this assembly can narrow the process: a later first read could see a runner's narrowing.
#pragma warning disable CA2255
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void CaptureAtStart() => AtStart = Allowed();
#pragma warning restore CA2255

    /// <summary>
    /// The machine's online logical CPUs (<c>/sys/devices/system/cpu/online</c>), whatever this
    /// process may use: a machine's fingerprint must not change under taskset, or while a runner
    /// keeps its driving process (and the children it starts meanwhile) off the measuring CPU.
    /// <see cref="Environment.ProcessorCount"/> where that cannot be read.
    /// </summary>
    public static int Online(string path = "/sys/devices/system/cpu/online")
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            var count = 0;
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var range = part.Split('-');
                if (range.Length is < 1 or > 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var lo)
                    || !int.TryParse(range[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var hi) || hi < lo)
                    return Environment.ProcessorCount;
                count += hi - lo + 1;
            }
            return count > 0 ? count : Environment.ProcessorCount;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.ProcessorCount;
        }
    }

    /// <summary>The CPU this thread runs on now; -1 where unknown.</summary>
    public static int Current() => OperatingSystem.IsLinux() ? SchedGetCpu() : -1;

    /// <summary>Pins the calling thread to <paramref name="cpus"/>; an environment error names the CPUs when the OS refuses.</summary>
    public static void PinCurrentThread(IReadOnlyCollection<int> cpus) => Set(0, cpus);

    /// <summary>
    /// Keeps every thread of this process (and the threads it starts later, which inherit it) on
    /// <paramref name="cpus"/>. Best effort per thread: one that ended meanwhile is skipped.
    /// </summary>
    public static void SetProcess(IReadOnlyCollection<int> cpus)
    {
        if (!OperatingSystem.IsLinux())
            return;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid))
                _ = TrySet(tid, cpus);
    }

    private static void Set(int tid, IReadOnlyCollection<int> cpus)
    {
        if (!OperatingSystem.IsLinux())
            return;
        if (!TrySet(tid, cpus))
            throw BenchException.Environment($"cannot pin to CPU {Format(cpus)}: sched_setaffinity failed ({Marshal.GetLastPInvokeErrorMessage()}); " +
                                             $"this process may use CPUs {Format(Allowed())} (see --cpus).");
    }

    private static bool TrySet(int tid, IReadOnlyCollection<int> cpus)
    {
        var mask = new ulong[MaskWords];
        foreach (var c in cpus)
        {
            if (c < 0 || c >= MaskWords * 64)
                return false;
            mask[c / 64] |= 1UL << (c % 64);
        }
        return SchedSetAffinity(tid, MaskWords * sizeof(ulong), mask) == 0;
    }

    /// <summary>"0,1,4" (ascending).</summary>
    public static string Format(IEnumerable<int> cpus) => string.Join(",", cpus.Order());

    /// <summary>
    /// Parses a CPU list as taskset and the kernel write them ("0,1", "0-3", "0-3,8"); null or empty:
    /// every allowed CPU. A CPU this process may not use is a usage error naming the allowed ones.
    /// </summary>
    public static IReadOnlyList<int> Parse(string? text)
    {
        var allowed = Allowed();
        if (string.IsNullOrWhiteSpace(text))
            return allowed;
        var cpus = new SortedSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || !range.All(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw BenchException.Usage($"--cpus '{text}': write CPUs as taskset does, e.g. 0,1 or 0-3.");
            var lo = int.Parse(range[0], CultureInfo.InvariantCulture);
            var hi = int.Parse(range[^1], CultureInfo.InvariantCulture);
            if (hi < lo || hi - lo > 4096)
                throw BenchException.Usage($"--cpus '{text}': the range {part} is empty or too large.");
            for (var c = lo; c <= hi; c++)
                cpus.Add(c);
        }
        var refused = cpus.Where(c => !allowed.Contains(c)).ToList();
        if (refused.Count > 0)
            throw BenchException.Usage($"--cpus '{text}': CPU {Format(refused)} is not one this process may use ({Format(allowed)}).");
        return cpus.ToList();
    }
}
