using System.Diagnostics;
using System.Text;

namespace Bench.Core.IO;

/// <summary>What a finished tool said.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs an external tool (git, cmake, valgrind) to completion, both streams captured without deadlock.</summary>
public static class ToolProcess
{
    /// <param name="install">How to get the tool when it cannot be started, e.g. "apt-get install valgrind".</param>
    /// <param name="environment">Variables set for the tool on top of this process's environment.</param>
    public static ToolResult Run(string file, IReadOnlyList<string> args, string workingDirectory, string install,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw BenchException.Environment($"cannot start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BenchException.Environment($"{file} is not available ({e.Message}): `{install}`.", e);
        }
        using (p)
        {
            var stderr = new StringBuilder();
            p.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                    lock (stderr)
                        stderr.AppendLine(e.Data);
            };
            p.BeginErrorReadLine();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            lock (stderr)
                return new ToolResult(p.ExitCode, stdout, stderr.ToString());
        }
    }
}
