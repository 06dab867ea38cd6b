using System.Diagnostics;
using System.Runtime.InteropServices;
using Bench.Benchmarks.Native;
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
            LogicalCores = Environment.ProcessorCount,
            Architecture = build.Architecture,
            Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            Os = OsName(),
            DotnetRuntime = RuntimeInformation.FrameworkDescription,
            Libc = Libc(),
            Timer = build.Timer,
            TimerFrequencyHz = build.TimerHz,
            TimerFrequencySource = build.TimerHzSource,
            Compiler = build.Compiler,
            CompilerFlags = build.Flags,
            RetpolineFlags = build.RetpolineFlags,
            StaticKey = new StaticKeyInfo(build.StaticKeyImplementation, build.StaticKeyNote),
            InjectedOpsPerElement = build.InjectK,
            Commit = commit,
            CommitDirty = dirty,
        };
    }

    internal static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                // x86: "model name"; aarch64 kernels may only give "CPU part" (no name).
                if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }

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
