using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bench.Core.Results;

namespace Bench.Core.Baselines;

/// <summary>
/// What must be equal for cycle figures to be comparable: the CPU, how many
/// cores, the timer's rate, the kernel, the OS, the .NET runtime, the compiler
/// and its flags, and which static-key implementation ran. Everything is
/// compared exactly except the timer rate, which is calibrated at every start
/// and matches within <see cref="TimerTolerance"/>.
/// <para>
/// Policy (revisited when the gate began rebuilding the baseline's commit and running it paired):
/// the fingerprint no longer decides whether cycles are judged. A paired gate compares two builds
/// in the same processes, so any machine of the architecture gives a cycles verdict, and the
/// fingerprint only ranks which baseline to rebuild (this machine's first). It still keys the
/// unpaired comparisons, of figures that cannot be rerun (imported logs, <c>gate --results</c>, a
/// baseline whose build cannot be had), and there the kernel build string stays in it on purpose:
/// on this project's VMs it differs on every VM, and so does the host under it (TSC 2594.8, 2094.7,
/// 2297.8 MHz seen), so launches taken on two VMs are two draws of two machines. Even on one VM,
/// unpaired launches five minutes apart left 145 of 146 rows Unknown; loosening the fingerprint
/// would only let such figures be compared where they mean less still.
/// </para>
/// </summary>
public sealed record MachineFingerprint(
    string CpuModel, int LogicalCores, string Architecture, double TimerMHz, string Kernel, string Os, string DotnetRuntime,
    string Compiler, string CompilerFlags, string StaticKey)
{
    /// <summary>Relative difference of timer rates still taken as the same machine (calibration jitter is about 0.01 %).</summary>
    public const double TimerTolerance = 0.005;

    /// <summary>Imported kernel figures leave the kernel out: there it is the code under test (before and after a patch), not the machine.</summary>
    public const string KernelUnderTest = "(imported: the kernel is the code under test)";

    public static MachineFingerprint Of(HostContext h) => new(h.CpuModel, h.LogicalCores, h.Architecture,
        Math.Round(h.TimerFrequencyHz / 1e6, 1), h.Imported is null ? h.Kernel : KernelUnderTest, h.Os, h.DotnetRuntime, h.Compiler, h.CompilerFlags,
        h.StaticKey.Implementation);

    /// <summary>Every field that differs, as "name: this vs other"; empty when the machines match.</summary>
    public IReadOnlyList<string> Differences(MachineFingerprint other)
    {
        var d = new List<string>();
        void Check(string name, string a, string b)
        {
            if (a != b)
                d.Add($"{name}: {a} vs {b}");
        }
        Check("CPU", CpuModel, other.CpuModel);
        Check("logical cores", LogicalCores.ToString(CultureInfo.InvariantCulture), other.LogicalCores.ToString(CultureInfo.InvariantCulture));
        Check("architecture", Architecture, other.Architecture);
        if (Math.Abs(TimerMHz - other.TimerMHz) > TimerTolerance * Math.Max(TimerMHz, other.TimerMHz))
            d.Add(string.Create(CultureInfo.InvariantCulture, $"timer: {TimerMHz} MHz vs {other.TimerMHz} MHz"));
        Check("kernel", Kernel, other.Kernel);
        Check("OS", Os, other.Os);
        Check(".NET runtime", DotnetRuntime, other.DotnetRuntime);
        Check("compiler", Compiler, other.Compiler);
        Check("compiler flags", CompilerFlags, other.CompilerFlags);
        Check("static key", StaticKey, other.StaticKey);
        return d;
    }

    /// <summary>A short stable key of the exactly compared fields (not the timer rate): part of a baseline's file name.</summary>
    public string Key()
    {
        var text = string.Join("\n", CpuModel, LogicalCores.ToString(CultureInfo.InvariantCulture), Architecture, Kernel, Os, DotnetRuntime,
            Compiler, CompilerFlags, StaticKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];
    }

    /// <summary>One line for people: "AMD EPYC, 2 cores, 2594.6 MHz, Linux 6.1.0 (Debian 12), gcc 12.2".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{CpuModel}, {LogicalCores} cores, {TimerMHz} MHz, kernel {Kernel}, {Os}, {DotnetRuntime}, {Compiler}, static key {StaticKey}");
}
