using Bench.Core.Hosting;
using Bench.Tests.TestSupport;

namespace Bench.Tests.Hosting;

public sealed class SystemCheckTests
{
    private static readonly Dictionary<string, string> Vm = new()
    {
        ["/proc/cpuinfo"] = "processor\t: 0\nflags\t\t: fpu tsc constant_tsc nonstop_tsc rdtscp\n",
        ["/sys/devices/system/cpu/isolated"] = "\n",
        ["/sys/devices/system/clocksource/clocksource0/current_clocksource"] = "tsc\n",
        ["/proc/sys/kernel/randomize_va_space"] = "2\n",
        ["/proc/loadavg"] = "0.10 0.20 0.30 1/100 42\n",
    };

    private static IReadOnlyList<SystemFinding> Check(Dictionary<string, string> files, IReadOnlyList<CpuSpeed>? speeds = null, double? steal = 0) =>
        SystemCheck.Evaluate(p => files.GetValueOrDefault(p), 2, [0, 1], steal, "RDTSCP;CPUID", "CPUID advertises RDTSCP", "patched-jump", true,
            speeds ?? []);

    private static SystemFinding Find(IReadOnlyList<SystemFinding> f, string check) => f.Single(x => x.Check == check);

    [Fact]
    public void AQuietVm_SaysWhatItCannotChange_AndWarnsOfNothing()
    {
        var f = Check(Vm);
        Assert.DoesNotContain(f, x => x.Status == SystemCheck.Warning);
        Assert.Equal(SystemCheck.Note, Find(f, "isolated CPUs").Status);
        Assert.Contains("no cpufreq", Find(f, "frequency scaling").Value);
        Assert.Equal("constant and nonstop (invariant)", Find(f, "TSC").Value);
    }

    [Fact]
    public void UnequalCpus_StealAndAPowersaveGovernor_AreWarningsWithAdvice()
    {
        var files = new Dictionary<string, string>(Vm) { ["/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"] = "powersave\n" };
        var f = Check(files, [new CpuSpeed(0, "k", 12.3, 20), new CpuSpeed(1, "k", 22.1, 20)], steal: 0.07);
        Assert.Contains("cpupower", Find(f, "frequency scaling").Advice);
        Assert.Equal("7.0%", Find(f, "stolen time").Value);
        var speeds = Find(f, "CPU speeds");
        Assert.Equal(SystemCheck.Warning, speeds.Status);
        Assert.Contains("CPU 1 ran 1.80x slower than CPU 0", speeds.Value);
    }

    [Fact]
    public void HiddenRdtscp_IsExplained()
    {
        var files = new Dictionary<string, string>(Vm) { ["/proc/cpuinfo"] = "flags\t\t: fpu tsc constant_tsc nonstop_tsc\n" };
        Assert.Contains("fenced RDTSC", Find(Check(files), "timer stop").Advice);
    }

    [Fact]
    public void StealShare_FromTwoSnapshots()
    {
        const string a = "cpu  100 0 100 700 0 0 0 100 0 0\ncpu0 1 2 3\n";
        const string b = "cpu  200 0 200 1400 0 0 0 200 0 0\n";
        Assert.Equal(0.1, SystemCheck.StealShare(a, b)!.Value, 9);
        Assert.Null(SystemCheck.StealShare(a, null));
        Assert.Null(SystemCheck.StealShare("cpu  x", b));
    }

    [Fact]
    public void Cli_System_ProbesEveryCpu()
    {
        var r = CliProcess.Run("system");
        Assert.Equal(Bench.Core.ExitCodes.Success, r.ExitCode);
        foreach (var cpu in CpuAffinity.Allowed())
            Assert.Contains($"CPU {cpu} speed", r.Stdout);
        Assert.Contains("timer stop", r.Stdout);
    }

    [Fact]
    public void Cli_BadCpus_IsUsageError()
    {
        var r = CliProcess.Run("run", "--quick", "--filter", "native/lock", "--cpus", "4000", "--out", Path.Combine(Path.GetTempPath(), "never.json"));
        Assert.Equal(Bench.Core.ExitCodes.UsageError, r.ExitCode);
        Assert.Contains("--cpus '4000'", r.Stderr);
    }
}
