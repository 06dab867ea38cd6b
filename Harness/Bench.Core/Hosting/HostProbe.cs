using System.Diagnostics;
using System.Runtime.InteropServices;
using Bench.Suite.Host;
using Bench.Core.Results;

namespace Bench.Core.Hosting;

/// <summary>Reads the host context: from the OS (CPU, kernel, OS), the runtime, git, and the kernel library's own build facts.</summary>
public static class HostProbe
{
    public static HostContext Describe(NativeBuildInfo build, string? workingDirectory = null)
    {
        var (commit, dirty) = GitState(workingDirectory ?? Environment.CurrentDirectory);
        return new HostContext
        {
            CpuModel = CpuModel(),
            LogicalCores = CpuAffinity.Online(),
            Architecture = build.Architecture,
            Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            Os = OsName(),
            DotnetRuntime = RuntimeInformation.FrameworkDescription,
            Libc = Libc(),
            Timer = build.Timer,
            TimerFrequencyHz = build.TimerHz,
            TimerFrequencySource = build.TimerHzSource,
            TimerStop = build.TimerStop,
            TimerStopNote = build.TimerStopNote,
            Compiler = build.Compiler,
            CompilerFlags = build.Flags,
            RetpolineFlags = build.RetpolineFlags,
            StaticKey = new StaticKeyInfo(build.StaticKeyImplementation, build.StaticKeyNote),
            InjectedOpsPerElement = build.InjectK,
            InjectedCallsPerElement = build.InjectCalls,
            Commit = commit,
            CommitDirty = dirty,
        };
    }

    internal static string CpuModel()
    {
        try
        {
            return CpuModelFrom(File.ReadLines("/proc/cpuinfo")) ?? Unknown();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Unknown();

        static string Unknown() => $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }

    /// <summary>
    /// The CPU's name from /proc/cpuinfo: x86's "model name", a board's "Model", or, where an
    /// aarch64 kernel gives neither, the core named from "CPU implementer" and "CPU part" (the
    /// MIDR_EL1 fields), e.g. "ARM Neoverse-N1 (implementer 0x41, part 0xd0c)". Null when none is there.
    /// </summary>
    public static string? CpuModelFrom(IEnumerable<string> cpuinfo)
    {
        string? implementer = null, part = null;
        foreach (var line in cpuinfo)
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (value.Length == 0)
                continue;
            switch (key)
            {
                case "model name" or "Model":
                    return value;
                case "CPU implementer":
                    implementer ??= value.ToLowerInvariant();
                    break;
                case "CPU part":
                    part ??= value.ToLowerInvariant();
                    break;
            }
        }
        if (implementer is null || part is null)
            return null;
        var vendor = Implementers.GetValueOrDefault(implementer);
        var core = Parts.GetValueOrDefault((implementer, part));
        var name = (vendor, core) switch
        {
            (not null, not null) => $"{vendor} {core}",
            (not null, null) => $"{vendor} CPU",
            _ => "aarch64 CPU",
        };
        return $"{name} (implementer {implementer}, part {part})";
    }

    // MIDR_EL1 implementer codes and the parts of the cores a cloud or a CI runner is likely to have.
    private static readonly Dictionary<string, string> Implementers = new()
    {
        ["0x41"] = "ARM", ["0x42"] = "Broadcom", ["0x43"] = "Cavium", ["0x48"] = "HiSilicon", ["0x4e"] = "NVIDIA",
        ["0x50"] = "APM", ["0x51"] = "Qualcomm", ["0x61"] = "Apple", ["0xc0"] = "Ampere",
    };

    private static readonly Dictionary<(string, string), string> Parts = new()
    {
        [("0x41", "0xd03")] = "Cortex-A53", [("0x41", "0xd04")] = "Cortex-A35", [("0x41", "0xd05")] = "Cortex-A55",
        [("0x41", "0xd07")] = "Cortex-A57", [("0x41", "0xd08")] = "Cortex-A72", [("0x41", "0xd09")] = "Cortex-A73",
        [("0x41", "0xd0a")] = "Cortex-A75", [("0x41", "0xd0b")] = "Cortex-A76", [("0x41", "0xd0c")] = "Neoverse-N1",
        [("0x41", "0xd0d")] = "Cortex-A77", [("0x41", "0xd40")] = "Neoverse-V1", [("0x41", "0xd41")] = "Cortex-A78",
        [("0x41", "0xd49")] = "Neoverse-N2", [("0x41", "0xd4f")] = "Neoverse-V2", [("0x41", "0xd8e")] = "Neoverse-N3",
        [("0x41", "0xd84")] = "Neoverse-V3", [("0x48", "0xd01")] = "TaiShan v110", [("0xc0", "0xac3")] = "Ampere-1",
        [("0xc0", "0xac4")] = "Ampere-1a", [("0x50", "0x000")] = "X-Gene",
    };

    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static extern IntPtr GnuLibcVersion();

    /// <summary>"glibc 2.36"; null where the C library is not glibc.</summary>
    internal static string? Libc()
    {
        try
        {
            return "glibc " + Marshal.PtrToStringUTF8(GnuLibcVersion());
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    private static string OsName()
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/os-release"))
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    return line["PRETTY_NAME=".Length..].Trim('"');
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.OSDescription;
    }

    private static string? ReadFirstLine(string path)
    {
        try { return File.ReadLines(path).FirstOrDefault()?.Trim(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>HEAD and whether the tree has changes; nulls outside a git checkout or without git.</summary>
    internal static (string? Commit, bool? Dirty) GitState(string dir)
    {
        var head = RunGit(dir, "rev-parse", "HEAD");
        if (head is null)
            return (null, null);
        var status = RunGit(dir, "status", "--porcelain", "--untracked-files=no");
        return (head.Trim(), status is null ? null : status.Trim().Length > 0);
    }

    private static string? RunGit(string dir, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on PATH
        }
    }
}
